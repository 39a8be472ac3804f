import type { Indicator, ParamDeclarations, Signals, StrategyDefinition } from './strategy';

/**
 * Every export of the `barwise` module a strategy file imports from, with its type: the runtime
 * (src-workers/sdk/index.ts) is checked against it, and the editor's completion can be built from
 * it. Indicators are causal (bar i depends on bars 0..i only), NaN during their warm-up, and take
 * and return one Float64Array per series (a column of `data`, or another indicator's output).
 */
export interface BarwiseModule {
  /** Validates a strategy's declaration (parameters, rules, functions) and returns it. */
  defineStrategy<const P extends ParamDeclarations = Record<never, never>, I = undefined>(
    definition: StrategyDefinition<P, I>,
  ): StrategyDefinition<P, I>;

  /** Simple moving average of the last `period` values. */
  sma(values: Float64Array, period: number): Float64Array;
  /** Exponential moving average, α = 2 / (period + 1), started from the SMA of the first `period` values. */
  ema(values: Float64Array, period: number): Float64Array;
  /** Linearly weighted moving average (weights 1 … period, the newest heaviest). */
  wma(values: Float64Array, period: number): Float64Array;
  /** Relative strength index with Wilder's smoothing (0 … 100). */
  rsi(values: Float64Array, period: number): Float64Array;
  /** Average true range with Wilder's smoothing. */
  atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array;
  /** True range: the bar's range, widened to the previous close. */
  trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array;
  /** Bollinger bands: the SMA, and `k` standard deviations (population, divisor `period`) above and below it. */
  bbands(values: Float64Array, period: number, k: number): BandsLines;
  /** MACD line (EMA(fast) − EMA(slow)), its signal line (EMA of it) and the histogram (their difference). */
  macd(values: Float64Array, fast: number, slow: number, signal: number): MacdLines;
  /** Stochastic oscillator: %K over `period` bars and %D, its SMA over `signalPeriod`. */
  stoch(high: Float64Array, low: Float64Array, close: Float64Array, period: number, signalPeriod: number): StochasticLines;
  /** Average directional index with +DI and −DI (Wilder). */
  adx(high: Float64Array, low: Float64Array, close: Float64Array, period: number): AdxLines;
  /** Donchian channel: highest high and lowest low of the last `period` bars (current bar included), and their midpoint. */
  donchian(high: Float64Array, low: Float64Array, period: number): BandsLines;
  /** Highest value of the last `period` values. */
  rollingMax(values: Float64Array, period: number): Float64Array;
  /** Lowest value of the last `period` values. */
  rollingMin(values: Float64Array, period: number): Float64Array;
  /** Standard deviation (population, divisor `period`) of the last `period` values. */
  rollingStd(values: Float64Array, period: number): Float64Array;
  /** (value − SMA) / standard deviation over the last `period` values. */
  zScore(values: Float64Array, period: number): Float64Array;
  /** Volume-weighted average of the typical price (high + low + close) / 3 since the first bar. */
  vwap(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array): Float64Array;
  /**
   * backtesting.py's crossover as a Signals target: +1 where `a` crossed above `b` (below it at the
   * bar before, above it now), −1 where it crossed below, NaN elsewhere. `b` may be a number.
   */
  cross(a: Float64Array | Indicator, b: Float64Array | Indicator | number): Signals;
}

export interface BandsLines {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

export interface MacdLines {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

export interface StochasticLines {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

export interface AdxLines {
  readonly adx: Float64Array;
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
}
