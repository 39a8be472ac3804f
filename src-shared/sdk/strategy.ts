/**
 * The strategy SDK: what a trader writes against (`import { defineStrategy, sma } from 'barwise'`).
 * Types only; the runtime is src-workers/sdk. Built-in strategies are written against the same
 * API (src-workers/strategies), in the spirit of backtesting.py's `Strategy.init()/next()`:
 *
 *   export default defineStrategy({
 *     name: 'My SMA cross',
 *     params: {
 *       fast: { type: 'int', default: 10, min: 2, max: 500 },
 *       slow: { type: 'int', default: 30, min: 3, max: 1000 },
 *     },
 *     init: ({ data, params, I }) => ({
 *       fast: I(sma(data.close, params.fast)),
 *       slow: I(sma(data.close, params.slow)),
 *     }),
 *     next({ crossover, position, buy, sell }, { fast, slow }) {
 *       if (crossover(fast, slow)) { position.close(); buy(); }
 *       else if (crossover(slow, fast)) { position.close(); sell(); }
 *     },
 *   });
 *
 * Execution rules (fills, costs, sizing, stops) are docs/engine.md's; "Writing a strategy" there
 * is the guide.
 */

// ---------------------------------------------------------------------------------------------
// Parameters

interface ParamBase {
  /** Shown in forms; defaults to the parameter's name. */
  readonly label?: string;
  readonly description?: string;
}

export interface IntParam extends ParamBase {
  readonly type: 'int';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  /** Step of a sweep over this parameter (default 1). */
  readonly step?: number;
}

export interface FloatParam extends ParamBase {
  readonly type: 'float';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
}

export interface BooleanParam extends ParamBase {
  readonly type: 'boolean';
  readonly default: boolean;
}

export interface EnumParam<O extends string = string> extends ParamBase {
  readonly type: 'enum';
  readonly options: readonly O[];
  readonly default: NoInfer<O>;
}

export type ParamDeclaration = IntParam | FloatParam | BooleanParam | EnumParam;
export type ParamDeclarations = Readonly<Record<string, ParamDeclaration>>;

/** The values `init`, `next` and `signals` receive: every declared parameter, validated, defaults filled. */
export type ParamsOf<P extends ParamDeclarations> = {
  readonly [K in keyof P]: P[K] extends IntParam | FloatParam
    ? number
    : P[K] extends BooleanParam
      ? boolean
      : P[K] extends EnumParam<infer O>
        ? O
        : never;
};

/** A rule between two numeric parameters, checked before a run and shown by the form: `fast < slow`. */
export interface ParamRuleDeclaration<P extends ParamDeclarations = ParamDeclarations> {
  readonly kind: 'less-than' | 'at-most';
  readonly left: keyof P & string;
  readonly right: keyof P & string;
}

// ---------------------------------------------------------------------------------------------
// Data and indicators

/** A run's bars, one column per field (bar open times, UTC epoch ms, in `time`). */
export interface Data {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly time: Float64Array;
  /** Bar spacing in milliseconds (the dataset's timeframe). */
  readonly timeframeMs: number;
}

export interface IndicatorOptions {
  /** Label on the chart and in errors (default: the key `init` returned it under). */
  readonly name?: string;
  /**
   * Drawn on the price (true) or in a pane of its own. Default: on the price when more than 60% of
   * its values lie within 40% of the close (backtesting.py's rule).
   */
  readonly overlay?: boolean;
  /** The line's colour on the chart: `#rrggbb`, `#rgb`, `#rrggbbaa` or a CSS colour name (`'orange'`). Default: the chart's palette. */
  readonly color?: string;
  /**
   * The series is on this higher timeframe's bars (from `higher(timeframe)`): it is aligned to
   * the run's bars, each bar seeing the value of the last higher bar that had closed by its close.
   */
  readonly timeframe?: string;
}

/**
 * A series declared with `I(...)`: `next` sees it up to the current bar only. `at(-1)` is the
 * current bar's value, `at(-2)` the bar before (backtesting.py's `self.sma[-1]`); `at(k)` for
 * k ≥ 0 reads bar k from the start. Reading a bar after the current one is refused (LOOK_AHEAD);
 * a bar before the first is NaN. In `init` and `signals`, which work on every bar at once, every
 * bar can be read.
 */
export interface Indicator {
  readonly name: string;
  at(offset: number): number;
  /** Bars visible now (the current bar's index + 1). */
  readonly length: number;
}

export interface InitContext<P extends ParamDeclarations> {
  readonly data: Data;
  readonly params: ParamsOf<P>;
  /** A higher timeframe's bars (declare it in `timeframes`); pass series of it to `I` with `{ timeframe }`. */
  higher(timeframe: string): Data;
  /** Declare an indicator: the warm-up waits for its first value, `next` sees it up to the current bar, the chart draws it. */
  I(series: Float64Array, options?: IndicatorOptions): Indicator;
}

// ---------------------------------------------------------------------------------------------
// Orders and the position

/**
 * How much to buy or sell, as backtesting.py's `size`: a number in (0, 1) is that fraction of
 * buying power (available cash × leverage); a number ≥ 1 is that many units (whole unless the run
 * allows fractional units); `{ cash }` spends that much; `{ riskPct }` sizes the position so that
 * its stop-loss loses that percent of equity (needs `sl`). Omitted: the run's sizing setting.
 */
export type OrderSize = number | { readonly cash: number } | { readonly riskPct: number };

/** A price level for an exit: an absolute price, or a distance from the entry fill in price units or percent. */
export type ExitLevel = number | { readonly distance: number } | { readonly percent: number };

export interface OrderOptions {
  readonly size?: OrderSize;
  /** Limit price: buy at or below it (sell at or above). Valid for the next bar only. Not with `stop`. */
  readonly limit?: number;
  /** Stop price: buy once the price trades at or above it (sell at or below). Valid for the next bar only. Not with `limit`. */
  readonly stop?: number;
  /**
   * Stop-loss of the lot this order opens (an absolute price must be below the order's price for
   * a buy, above it for a sell). With the run's stopLoss set too, the tighter of the two applies.
   */
  readonly sl?: ExitLevel;
  /** Take-profit of the lot this order opens (instead of the run's takeProfit). */
  readonly tp?: ExitLevel;
  /** Trailing stop of the lot this order opens, following the best price since entry (instead of the run's trailingStop). */
  readonly trailing?: { readonly distance: number } | { readonly percent: number };
  /** Kept on the trades this order opens (the trades table shows it). */
  readonly tag?: string;
}

export interface Position {
  /** Signed units held: > 0 long, < 0 short, 0 flat. */
  readonly size: number;
  readonly isLong: boolean;
  readonly isShort: boolean;
  /** Average entry fill price of what is held (NaN when flat). */
  readonly entryPrice: number;
  /** Bar index of the earliest entry still held (−1 when flat). */
  readonly entryBar: number;
  /** Bars since that entry (0 on the entry bar). */
  readonly barsHeld: number;
  /** Open profit or loss at the current close, in cash, net of commissions paid so far. */
  readonly pl: number;
  /** Open profit or loss in percent of the entry value. */
  readonly plPct: number;
  /**
   * Close the position at market, or `fraction` (0, 1] of each of its lots (whole units unless the
   * run allows fractional ones; at least one unit of each lot).
   */
  close(fraction?: number): void;
}

/** The current bar: prices and volume, its open time, its index in the run. */
export interface Bar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly time: number;
  readonly index: number;
}

export interface NextContext {
  readonly bar: Bar;
  /** The run's bars up to the current one, each field as an Indicator (`data.close.at(-2)`). */
  readonly data: {
    readonly open: Indicator;
    readonly high: Indicator;
    readonly low: Indicator;
    readonly close: Indicator;
    readonly volume: Indicator;
    readonly time: Indicator;
  };
  readonly position: Position;
  /** Cash plus the open position at the current close. */
  readonly equity: number;
  /** The realized balance: initial cash plus closed trades' P&L, less commissions paid. */
  readonly cash: number;
  /** `a` crossed above `b` at this bar: a < b at the bar before, a > b now (backtesting.py's `crossover`). */
  crossover(a: Indicator | number, b: Indicator | number): boolean;
  /** A market (or `limit` / `stop`) order to buy: opens or adds to a long, or reduces a short. */
  buy(options?: OrderOptions): void;
  /** A market (or `limit` / `stop`) order to sell: opens or adds to a short, or reduces a long. */
  sell(options?: OrderOptions): void;
}

// ---------------------------------------------------------------------------------------------
// The vectorized form

export interface SignalsContext<P extends ParamDeclarations> {
  readonly data: Data;
  readonly params: ParamsOf<P>;
  higher(timeframe: string): Data;
}

/**
 * What to hold after each bar's close, one value per bar, for a rule that does not depend on what
 * is held: +1 long, −1 short, 0 flat, NaN keep what is held. A target other than what is held
 * closes the position and opens the target's side with the run's sizing and exits, as
 * `position.close(); buy()` would.
 */
export interface Signals {
  readonly target: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// The strategy

export interface StrategyDefinition<P extends ParamDeclarations = ParamDeclarations, I = unknown> {
  readonly name: string;
  readonly description?: string;
  readonly params?: P;
  readonly rules?: readonly ParamRuleDeclaration<P>[];
  /** Higher timeframes `init` / `signals` read with `higher(...)`, for these parameters. */
  readonly timeframes?: (params: ParamsOf<P>) => readonly string[];
  /** Runs once: computes the indicators `next` reads. */
  readonly init?: (ctx: InitContext<P>) => I;
  /** Runs once per bar, in order, from the first bar at which every indicator and its previous value exist. */
  readonly next?: (ctx: NextContext, indicators: I, params: ParamsOf<P>) => void;
  /**
   * The rule for every bar at once, when it does not depend on what is held (`cross(fast, slow)`):
   * `indicators` is what `init` returned. When a strategy gives both, backtests run `signals`.
   */
  readonly signals?: (ctx: SignalsContext<P>, indicators: I) => Signals;
}

/** The module names a strategy file may import from. */
export const SDK_MODULE = 'barwise';
