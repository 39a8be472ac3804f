import type { ParamValues, RunStats, StatKey } from '../backtest';
import type { ErrorValue } from '../errors';

/**
 * What a search keeps of each variant: its parameters, the statistics the results table shows,
 * the objective's value, and the moments of its period returns that the overfitting diagnostics
 * need (docs/optimization.md). No equity curve and no trades: a row is a few hundred bytes, so
 * 100,000 variants stay small in memory and on disk. "Open as backtest" re-runs a row in full.
 */

/** The statistics kept per variant: the results table's columns (plus the objective's own statistic, when it is another). */
export const VARIANT_STATS = [
  'returnPct',
  'annualizedReturnPct',
  'cagrPct',
  'sharpe',
  'sortino',
  'calmar',
  'sqn',
  'profitFactor',
  'maxDrawdownPct',
  'numTrades',
  'winRatePct',
  'avgTradePct',
  'expectancyPct',
  'exposureTimePct',
  'equityFinal',
  'annualizedVolatilityPct',
] as const satisfies readonly StatKey[];

/** A variant's statistics: the VARIANT_STATS keys, and the objective's statistic when it is another. */
export type VariantStats = Readonly<Partial<Record<StatKey, number | null>>>;

/**
 * Moments of a run's period returns (the calendar periods its Sharpe ratio uses: days for
 * intraday and daily bars; docs/statistics.md, "Annualized"): the deflated Sharpe ratio needs the
 * per-period Sharpe ratio (mean ÷ standard deviation, not annualized), skewness and raw kurtosis.
 */
export interface ReturnMoments {
  /** Number of period returns (T). */
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (divisor T − 1); 0 with fewer than 2 returns. */
  readonly std: number;
  /** Sample skewness, the biased (population) estimator m₃ / m₂^{3/2}; 0 when std is 0. */
  readonly skewness: number;
  /** Raw (not excess) kurtosis m₄ / m₂², 3 for a normal distribution; 3 when std is 0. */
  readonly kurtosis: number;
}

/**
 * The period returns of one time block summed up, so any union of blocks gives its mean and
 * standard deviation exactly: CSCV (the probability of backtest overfitting) splits a run's
 * periods into S blocks and compares variants on halves of them.
 */
export interface BlockMoments {
  readonly count: number;
  readonly sum: number;
  readonly sumOfSquares: number;
}

/** The blocks CSCV uses by default (S = 16: C(16, 8) = 12,870 splits). A multiple of every S offered. */
export const CSCV_BLOCKS = 16;

export interface VariantResult {
  /** The variant's index in its search. */
  readonly index: number;
  readonly params: Readonly<ParamValues>;
  readonly stats: VariantStats;
  /** The objective's value; null where the statistic is undefined (no trades, no drawdown…). */
  readonly objective: number | null;
  /** False when a constraint on statistics fails (trades >= 10): kept in the table, never the best. */
  readonly feasible: boolean;
  /** The constraints it broke, as the user wrote them (`numTrades >= 10`). */
  readonly broken: readonly string[];
  readonly returns: ReturnMoments;
  /** Period returns in CSCV_BLOCKS consecutive blocks of (nearly) equal length; empty when the run has fewer returns than blocks (it then takes no part in PBO). */
  readonly blocks: readonly BlockMoments[];
  /** Set instead of statistics when the variant's run failed (the strategy threw, a config it cannot run): the search goes on. */
  readonly error?: ErrorValue;
}

/** Every statistic of a run reduced to the ones a variant keeps. */
export function variantStats(stats: Readonly<RunStats>, extra?: StatKey): VariantStats {
  const kept: Partial<Record<StatKey, number | null>> = {};
  for (const key of VARIANT_STATS) kept[key] = stats[key];
  if (extra !== undefined) kept[extra] = stats[extra];
  return kept;
}
