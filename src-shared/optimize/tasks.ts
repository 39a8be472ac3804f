import type { BacktestConfig, ParamSpec, ParamValues, Trade } from '../backtest';
import type { Bars } from '../bars/bars';
import type { ParamRule } from '../param-rules';
import type { StrategySource } from '../sdk/source';
import type { MonteCarloResult, MonteCarloSpec } from './montecarlo';
import type { Objective } from './objective';
import type { VariantResult } from './results';
import type { Constraint, SearchSpace, Variant } from './search';

/**
 * The optimization task kinds (src-workers/optimize, registered in src-workers/tasks/kinds.ts):
 * what main sends and what comes back. Bars travel as SharedArrayBuffer views (shared, not
 * copied), as for `backtest`. Errors come back as `{ code, message }`: INVALID_CONFIG (a search
 * that cannot run), STRATEGY_NOT_FOUND, STRATEGY_INVALID, CANCELLED, NOT_ENOUGH_DATA.
 *
 * A search in main: ask `optimize.plan` for a grid's variants (or a random search's), send them
 * in chunks of `optimize.chunk` (a chunk is best a run of consecutive variants: in grid order they
 * share indicator series), store each chunk's results as it returns; for a Bayesian search, ask
 * `optimize.propose` for each next batch given every result so far. The diagnostics
 * (diagnostics.ts), walk-forward windows and Monte Carlo summaries are pure functions main calls.
 */

/** The strategy a task runs: a built-in (by `config.strategy.id`) or the user's compiled module. */
interface StrategyTask {
  readonly bars: Bars;
  /** Higher-timeframe bars the strategy needs (for every variant's parameters), keyed by label. */
  readonly higher: Readonly<Record<string, Bars>>;
  /** The run's settings; `strategy.params` is the base every variant's params replace. */
  readonly config: BacktestConfig;
  readonly dataHash: string;
  /** A user strategy; without it `config.strategy.id` names a built-in. */
  readonly source?: StrategySource;
}

/** `optimize.plan`: the variants of a grid or random search (no backtests), for main to chunk and store. */
export interface OptimizePlanTask {
  /** The strategy's declared parameters and rules (strategyInfo or `strategy.describe`). */
  readonly params: readonly ParamSpec[];
  readonly rules: readonly ParamRule[];
  readonly space: SearchSpace;
  readonly fixed: Readonly<ParamValues>;
  readonly constraints: readonly Constraint[];
  readonly method: { readonly method: 'grid' } | { readonly method: 'random'; readonly samples: number; readonly seed: number };
}

export interface OptimizePlan {
  readonly variants: readonly Variant[];
  /** Combinations left out by the strategy's rules or a constraint on parameters. */
  readonly skipped: number;
  /** Combinations in the whole grid (before rules, constraints and sampling). */
  readonly gridSize: number;
}

/**
 * `optimize.chunk`: many variants on the same bars in one task. Each indicator series is computed
 * once per distinct input and parameters across the chunk and shared by the variants that use it;
 * only statistics are kept per variant. Progress: the fraction of variants done. A variant whose
 * run fails (the strategy throws for these parameters) gets `error` and the chunk goes on;
 * a cancel ends the chunk with CANCELLED.
 */
export interface OptimizeChunkTask extends StrategyTask {
  readonly variants: readonly Variant[];
  readonly objective: Objective;
  /** Constraints on statistics (those on parameters were applied when the variants were made). */
  readonly constraints: readonly Constraint[];
}

export interface OptimizeChunkResult {
  /** One per variant, in the order sent. */
  readonly results: readonly VariantResult[];
  /** Indicator series the chunk computed, and calls answered from what it had computed. */
  readonly indicators: { readonly computed: number; readonly reused: number };
}

/** A finished variant as `optimize.propose` learns from it. */
export interface Observation {
  readonly params: Readonly<ParamValues>;
  /** The objective's value; null (no trades, a failed run, an infeasible variant) counts as the worst. */
  readonly objective: number | null;
}

/**
 * `optimize.propose`: the next batch of a Bayesian search (TPE). Deterministic: the same
 * history, seed and round give the same proposals. Never proposes a variant in `history`.
 */
export interface OptimizeProposeTask {
  readonly params: readonly ParamSpec[];
  readonly rules: readonly ParamRule[];
  readonly space: SearchSpace;
  readonly fixed: Readonly<ParamValues>;
  readonly constraints: readonly Constraint[];
  readonly direction: Objective['direction'];
  readonly history: readonly Observation[];
  /** Variants to propose (fewer when the space has fewer left). */
  readonly count: number;
  readonly seed: number;
  /** The proposal's number in the search (0, 1, …): with the seed, it seeds this proposal. */
  readonly round: number;
}

export interface OptimizeProposal {
  /** Every declared parameter's value, as a Variant's params (main gives them indices). */
  readonly params: readonly Readonly<ParamValues>[];
}

/** `montecarlo.trades`: reshuffle or bootstrap a run's trades (their returnPct, compounded). */
export interface MonteCarloTradesTask {
  readonly trades: readonly Pick<Trade, 'returnPct'>[];
  /** The run's starting cash. */
  readonly initialEquity: number;
  /** The run's duration (first to last bar), for CAGR; null leaves CAGR out. */
  readonly durationMs: number | null;
  readonly spec: MonteCarloSpec & { readonly method: 'reshuffle' | 'bootstrap' };
}

/** `montecarlo.blocks`: the strategy re-run on `spec.runs` block-bootstrapped price paths. */
export interface MonteCarloBlocksTask extends StrategyTask {
  readonly spec: MonteCarloSpec & { readonly method: 'blocks' };
  /** Which of the runs this task does: [from, to) of 0 … runs − 1 (main may split them over the pool; each run is seeded by its own number). */
  readonly from: number;
  readonly to: number;
}

/** A part of a blocks Monte Carlo: each run's figures, for main to merge (monteCarloSummary) once every part is in. */
export interface MonteCarloBlocksPart {
  readonly from: number;
  readonly finalEquity: readonly number[];
  readonly maxDrawdownPct: readonly number[];
  readonly cagrPct: readonly (number | null)[];
  /** Each run's equity at the fan chart's steps. */
  readonly paths: readonly (readonly number[])[];
  readonly steps: readonly number[];
}

export type { MonteCarloResult };
