import type { ParamRule } from '../../src-shared/param-rules';
import type { Bars } from '../../src-shared/bars/bars';
import type { ParamSpec, ParamValues } from '../../src-shared/backtest';
import type { Signals } from './signals';

/**
 * What a strategy wants to hold after bar i closes. Numbers, not strings or objects, so the
 * per-bar call allocates nothing.
 */
export const LONG = 1;
export const SHORT = -1;
export const FLAT = 0;
/** Keep whatever is held (no order). */
export const HOLD = 2;
export type Target = typeof LONG | typeof SHORT | typeof FLAT | typeof HOLD;

export interface StrategyInput {
  /** Base-timeframe bars of the run. */
  readonly bars: Bars;
  /** Higher-timeframe bars keyed by label ('4h'); only the ones requiredTimeframes() asked for. */
  readonly higher: Readonly<Record<string, Bars>>;
  /** Every parameter, defaults filled in and validated. */
  readonly params: Readonly<ParamValues>;
  /**
   * A Float64Array of bars.length for an indicator's `out` (reused across runs; contents are
   * stale, so only for indicators that overwrite every element). Optional to use.
   */
  series(): Float64Array;
}

/**
 * A prepared strategy. `prepare` computes every series the strategy needs with the causal
 * indicators (out[i] depends only on bars 0..i); `decide(i, position)` may read those series at
 * indices ≤ i only. The look-ahead test (lookahead.test.ts) rewrites every bar after t and checks
 * that no decision up to t changes, for every registered strategy.
 */
export interface Decider {
  /**
   * Index of the first bar at which every indicator has a value (backtesting.py's indicator
   * warm-up). As backtesting.py starts `next()` at `1 + warm-up`, the engine first calls decide()
   * at bar warmup + 1, so decide may read index i − 1. −1 lets a (test) strategy decide on bar 0.
   * Buy & hold is measured from bar `max(0, warmup)`.
   */
  readonly warmup: number;
  /** `position` is the sign of what is held at bar i's close: 1 long, −1 short, 0 flat. */
  decide(i: number, position: number): Target;
  /**
   * Optional: the rule's decisions for every bar at once, for a rule that does not depend on what
   * is held (see Signals and signalsDecider); decide(i, any position) must agree with them. The bar
   * loop then skips from signal to signal.
   */
  readonly signals?: Signals;
  /** Optional stop distance in price units for an entry decided at bar i (e.g. 2 × ATR). */
  stopDistance?(i: number): number;
  /**
   * Optional entry price for a LONG/SHORT target decided at bar i; NaN (or no method) means a
   * market order. A price on the favourable side of bar i's close (below it for a long) makes a
   * limit order, beyond it a stop order; either is valid for bar i + 1 only.
   */
  entryPrice?(i: number): number;
}

/** A built-in strategy: one module, one registry line. */
export interface Strategy {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Bumped when a change can change the strategy's decisions. */
  readonly version: string;
  readonly params: readonly ParamSpec[];
  /** Higher timeframes `prepare` needs for these params (most strategies: none). */
  requiredTimeframes(params: Readonly<ParamValues>): string[];
  /** Rules between parameters (fast < slow), checked by the engine and shown by the form. */
  readonly rules?: readonly ParamRule[];
  prepare(input: StrategyInput): Decider;
}

/** Read a numeric param that the registry has already validated. */
export const num = (params: Readonly<ParamValues>, name: string): number => params[name] as number;

/** backtesting.py's `crossover(a, b)`: a was below b on bar i−1 and is above it on bar i. */
export const crossedAbove = (a: Float64Array, b: Float64Array, i: number): boolean =>
  a[i - 1] < b[i - 1] && a[i] > b[i];

/** First index ≥ 0 where every series is a number (the end of the warm-up). */
export function firstValid(...series: Float64Array[]): number {
  let first = 0;
  for (const s of series) {
    let i = 0;
    while (i < s.length && Number.isNaN(s[i])) i++;
    first = Math.max(first, i);
  }
  return first;
}
