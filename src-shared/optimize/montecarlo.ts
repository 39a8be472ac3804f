import { z } from 'zod';

/**
 * Monte Carlo robustness of one run (docs/optimization.md, "Monte Carlo"):
 * - `reshuffle`: the run's trades in a random order, each once;
 * - `bootstrap`: as many trades as the run had, drawn with replacement;
 * both replay each trade's RETURN compounded on the equity of the moment (equity × (1 + r)), not
 * its money P&L, so no path can fall below zero (replaying money P&L in another order gives
 * drawdowns beyond −100%);
 * - `blocks`: the price data resampled (a moving-block bootstrap of the bars' returns) and the
 * strategy run again on each path.
 * Every method is seeded: the same seed gives the same output on every machine and thread count.
 */

export const MONTE_CARLO_METHODS = ['reshuffle', 'bootstrap', 'blocks'] as const;
export type MonteCarloMethod = (typeof MONTE_CARLO_METHODS)[number];

/** The percentiles every Monte Carlo reports. */
export const MONTE_CARLO_PERCENTILES = [2.5, 5, 25, 50, 75, 95, 97.5] as const;

export const MAX_MONTE_CARLO_RUNS = 100_000;

export const monteCarloSpecSchema = z.object({
  method: z.enum(MONTE_CARLO_METHODS).default('reshuffle'),
  runs: z.number().int().min(1).max(MAX_MONTE_CARLO_RUNS).default(1_000),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** P(max drawdown deeper than this, in percent) is reported. */
  drawdownThresholdPct: z.number().finite().gt(0).max(100).default(20),
  /** `blocks` only: bars per block; default ⌈n^(1/3)⌉ of the run's bars (the usual rate for a block bootstrap). */
  blockLength: z.number().int().min(1).max(1_000_000).optional(),
  /** Equity paths sampled for the fan chart (the percentile bands use every run). */
  fanPoints: z.number().int().min(2).max(1_000).default(100),
});
export type MonteCarloSpecInput = z.input<typeof monteCarloSpecSchema>;
export type MonteCarloSpec = z.output<typeof monteCarloSpecSchema>;

/** A statistic's distribution over the simulations: one value per MONTE_CARLO_PERCENTILES entry, and a histogram. */
export interface Distribution {
  readonly percentiles: readonly number[];
  readonly mean: number;
  /** The statistic of the run itself (the trades in their real order, the real prices). */
  readonly original: number | null;
  readonly histogram: Histogram;
}

/** `counts[k]` values in [edges[k], edges[k+1]) (the last bin includes its right edge). */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/**
 * The fan chart: equity percentile bands at `steps` (trade numbers for reshuffle and bootstrap,
 * bar indices for blocks), one row per MONTE_CARLO_PERCENTILES entry.
 */
export interface FanChart {
  readonly steps: readonly number[];
  readonly bands: readonly (readonly number[])[];
  /** The run's own equity at the same steps. */
  readonly original: readonly number[];
}

export interface MonteCarloResult {
  readonly method: MonteCarloMethod;
  readonly runs: number;
  readonly seed: number;
  readonly percentiles: readonly number[];
  readonly finalEquity: Distribution;
  /** Deepest fall from a running peak, percent (0 … 100). */
  readonly maxDrawdownPct: Distribution;
  /** Compound annual growth over the run's duration, percent; null statistics where the duration is unknown. */
  readonly cagrPct: Distribution | null;
  readonly drawdownThresholdPct: number;
  /** Share of simulations whose max drawdown is deeper than the threshold. */
  readonly probabilityDrawdownBeyondThreshold: number;
  readonly fan: FanChart;
}
