import { z } from 'zod';
import { utcTimeText } from './format';
import type { ParamRule } from './param-rules';
export { TIMEFRAMES, timeframeMs, timeframeLabel, isTimeframe, type Timeframe } from './bars/timeframe';

/**
 * The contract of one backtest: the config (validated where it enters: API, CLI, optimizer) and
 * the result the engine returns. Defaults are backtesting.py's (10,000 cash, all-in with 99.99%
 * of available cash, whole units, no costs) so a strategy ported from it gives the same trades.
 */

const finite = () => z.number().finite();
const nonNegative = () => finite().min(0);

/**
 * The most cash, money per order or units a config may name (a quadrillion): past any account,
 * and small enough that cash × leverage × price stays far from overflowing to Infinity.
 */
export const MAX_AMOUNT = 1e15;
const amount = () => finite().positive().max(MAX_AMOUNT);
/** A stop or target this many percent from entry is as good as none; beyond it prices overflow. */
const MAX_EXIT_PERCENT = 10_000;

/** The first and last instants a window may name: years 1 to 9999, the dates ISO-8601 writes. */
export const EARLIEST_TIME = Date.parse('0001-01-01T00:00:00Z');
export const LATEST_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const inTimeRange = (t: number) => t >= EARLIEST_TIME && t <= LATEST_TIME;
const instant = () => finite().refine(inTimeRange, 'must be between 0001-01-01 and 9999-12-31 (UTC)');

export const paramValueSchema = z.union([finite(), z.string(), z.boolean()]);
export type ParamValue = z.infer<typeof paramValueSchema>;
export type ParamValues = Record<string, ParamValue>;

/** Distance of an exit from the entry price: a percent of entry, or a multiple of ATR(period). */
export const exitDistanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('percent'), percent: finite().positive().max(MAX_EXIT_PERCENT) }),
  z.object({ kind: z.literal('atr'), multiple: finite().positive().max(1000), period: z.number().int().min(1).max(100_000).default(14) }),
]);
export type ExitDistance = z.output<typeof exitDistanceSchema>;

export const sizingSchema = z.discriminatedUnion('kind', [
  /** Fraction of buying power (available cash × leverage), backtesting.py's `size=0.9999`. */
  z.object({ kind: z.literal('equity-fraction'), fraction: finite().gt(0).max(1).default(0.9999) }),
  z.object({ kind: z.literal('fixed-quantity'), quantity: amount() }),
  z.object({ kind: z.literal('fixed-cash'), amount: amount() }),
  /** Size so that hitting the stop loses `riskPct` % of equity. Needs a stop (config or strategy). */
  z.object({ kind: z.literal('risk'), riskPct: finite().gt(0).max(100) }),
]);
export type Sizing = z.output<typeof sizingSchema>;

export const slippageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('fraction'), fraction: finite().min(0).lt(1) }),
  z.object({ kind: z.literal('ticks'), ticks: nonNegative().max(MAX_AMOUNT), tickSize: amount() }),
]);
export type Slippage = z.output<typeof slippageSchema>;

export const DIRECTIONS = ['long-only', 'short-only', 'both'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const backtestConfigSchema = z
  .object({
    strategy: z.object({
      id: z.string().min(1).max(100),
      params: z.record(z.string(), paramValueSchema).default({}),
    }),
    /** Inclusive bounds on bar open time (epoch ms); bars outside are ignored. */
    from: instant().optional(),
    to: instant().optional(),
    cash: amount().default(10_000),
    commission: z
      .object({
        /** Fraction of traded value, charged on entry and on exit (0.001 = 0.1%). */
        fraction: finite().min(0).lt(1).default(0),
        /** Fixed amount per order (entry and exit are one order each). */
        fixed: nonNegative().max(MAX_AMOUNT).default(0),
      })
      .default({ fraction: 0, fixed: 0 }),
    slippage: slippageSchema.default({ kind: 'none' }),
    /** Bid-ask spread as a fraction of price, paid once per round trip at entry (as backtesting.py). */
    spread: finite().min(0).lt(1).default(0),
    sizing: sizingSchema.default({ kind: 'equity-fraction', fraction: 0.9999 }),
    fractionalUnits: z.boolean().default(false),
    direction: z.enum(DIRECTIONS).default('both'),
    /** Buying power = equity × leverage. 1 = no leverage (backtesting.py `margin=1`). */
    leverage: finite().min(1).max(1000).default(1),
    /** Fill market orders at the deciding bar's close instead of the next bar's open. */
    tradeOnClose: z.boolean().default(false),
    /** Close a position still open at the last bar (exit reason 'end'); false leaves it out of trade stats. */
    closeAtEnd: z.boolean().default(true),
    stopLoss: exitDistanceSchema.default({ kind: 'none' }),
    takeProfit: exitDistanceSchema.default({ kind: 'none' }),
    trailingStop: exitDistanceSchema.default({ kind: 'none' }),
    /** Annual risk-free rate as a fraction, used by Sharpe and Sortino (backtesting.py `risk_free_rate`). */
    riskFreeRate: finite().gt(-1).lt(1).default(0),
  })
  .superRefine((config, ctx) => {
    // zod runs this even when a field above failed: only dates that can be written are compared.
    const { from, to } = config;
    if (from !== undefined && to !== undefined && inTimeRange(from) && inTimeRange(to) && from > to) {
      const message = `from (${utcTimeText(from)}) must not be after to (${utcTimeText(to)}), in UTC`;
      ctx.addIssue({ code: 'custom', path: ['from'], message });
    }
    // The engine would round the quantity down to whole units; backtesting.py refuses it too.
    const { sizing } = config;
    if (sizing.kind === 'fixed-quantity' && !config.fractionalUnits && !Number.isInteger(sizing.quantity)) {
      const message = 'must be a whole number of units while units are whole (fractional units off)';
      ctx.addIssue({ code: 'custom', path: ['sizing', 'quantity'], message });
    }
  });

export type BacktestConfigInput = z.input<typeof backtestConfigSchema>;
export type BacktestConfig = z.output<typeof backtestConfigSchema>;

/** One parameter of a strategy: the UI renders it as a form field; optimizations sweep it. */
export interface ParamSpec {
  readonly name: string;
  readonly label: string;
  readonly type: 'int' | 'float' | 'boolean' | 'enum';
  readonly default: ParamValue;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** Allowed values when type is 'enum'. */
  readonly options?: readonly string[];
  readonly description: string;
}

export interface StrategyInfo {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly params: readonly ParamSpec[];
  /** Rules between parameters (fast < slow); evaluate with brokenRules from param-rules.ts. */
  readonly rules: readonly ParamRule[];
  /** Higher timeframes needed with the default parameters (e.g. ['4h']); see requiredTimeframes(). */
  readonly higherTimeframes: readonly string[];
}

export type ExitReason = 'signal' | 'stop-loss' | 'take-profit' | 'trailing-stop' | 'end';

export interface Trade {
  readonly side: 'long' | 'short';
  /** Units held (always positive; the side says the sign). */
  readonly size: number;
  readonly entryBar: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitBar: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  /** Net of entry and exit commission. */
  readonly pnl: number;
  /** Net return relative to entry value, in percent (backtesting.py `ReturnPct` × 100). */
  readonly returnPct: number;
  readonly commission: number;
  readonly barsHeld: number;
  readonly durationMs: number;
  readonly exitReason: ExitReason;
  /** The `tag` of the order that opened the trade, when it had one. */
  readonly tag?: string;
}

/** Every statistic of a run. `null` where it is undefined (no trades, no losses, flat equity, …). */
export interface BacktestStats {
  readonly startTime: number | null;
  readonly endTime: number | null;
  readonly durationMs: number | null;
  readonly exposureTimePct: number;
  readonly equityFinal: number;
  readonly equityPeak: number;
  readonly commissionsPaid: number;
  readonly returnPct: number;
  readonly buyHoldReturnPct: number | null;
  readonly annualizedReturnPct: number | null;
  readonly annualizedVolatilityPct: number | null;
  readonly cagrPct: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  readonly alphaPct: number | null;
  readonly beta: number | null;
  readonly maxDrawdownPct: number;
  readonly avgDrawdownPct: number | null;
  readonly maxDrawdownDurationMs: number | null;
  readonly avgDrawdownDurationMs: number | null;
  readonly maxRunUpPct: number;
  readonly numTrades: number;
  readonly winRatePct: number | null;
  readonly bestTradePct: number | null;
  readonly worstTradePct: number | null;
  readonly avgTradePct: number | null;
  readonly avgWinningTradePnl: number | null;
  readonly avgLosingTradePnl: number | null;
  readonly winLossRatio: number | null;
  readonly largestWinPnl: number | null;
  readonly largestLossPnl: number | null;
  readonly grossProfit: number;
  readonly grossLoss: number;
  readonly maxTradeDurationMs: number | null;
  readonly avgTradeDurationMs: number | null;
  readonly avgBarsInWinningTrades: number | null;
  readonly avgBarsInLosingTrades: number | null;
  readonly profitFactor: number | null;
  readonly expectancyPct: number | null;
  readonly sqn: number | null;
  readonly kellyCriterion: number | null;
  readonly longTrades: number;
  readonly longWinRatePct: number | null;
  readonly shortTrades: number;
  readonly shortWinRatePct: number | null;
  readonly maxConsecutiveWins: number;
  readonly maxConsecutiveLosses: number;
  /** Periods per year used to annualize: 252 or 365 (daily returns, 365 when the data trades on weekends), 52 for weekly bars, 12 monthly, 1 yearly. */
  readonly periodsPerYear: number;
}

/**
 * A stored run's statistics: the engine's, plus figures main derives from them when it reads a
 * run (not stored, not part of the result hash, so runs made before they existed have them too
 * and Reproduce still compares bit for bit).
 */
export interface RunStats extends BacktestStats {
  /** Gross profit over |gross loss|, in money (TradingView's and AmiBroker's "Profit factor"). */
  readonly moneyProfitFactor: number | null;
}

/** The keys of RunStats that main derives (see withDerivedStats); everything else is the engine's. */
export const DERIVED_STAT_KEYS = ['moneyProfitFactor'] as const;

/** Adds the derived figures to the engine's statistics. */
export function withDerivedStats(stats: BacktestStats): RunStats {
  return { ...stats, moneyProfitFactor: moneyProfitFactor(stats.grossProfit, stats.grossLoss) };
}

/** Σ P&L of winners ÷ |Σ P&L of losers|; null without a losing trade (as the return-based one). */
export function moneyProfitFactor(grossProfit: number, grossLoss: number): number | null {
  return grossLoss < 0 ? grossProfit / -grossLoss : null;
}

/** The engine's statistics of a run's (what exports write and the result hash covers). */
export function engineStats(stats: RunStats | BacktestStats): BacktestStats {
  const copy: Record<string, unknown> = { ...stats };
  for (const key of DERIVED_STAT_KEYS) delete copy[key];
  return copy as unknown as BacktestStats;
}

export type StatKey = keyof RunStats;

export interface Provenance {
  readonly dataHash: string;
  readonly strategyId: string;
  readonly strategyVersion: string;
  readonly params: Readonly<ParamValues>;
  readonly engineVersion: string;
  /** The engine is deterministic; kept for results of future randomized runs. */
  readonly seed: null;
  /** sha256 of a user strategy's TypeScript text, when the run ran one (Reproduce compares it). */
  readonly sourceHash?: string;
}

/**
 * The colours an indicator may be given: hex (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`) or a CSS
 * colour name. Nothing else (no `url(…)`, no `var(…)`): the value reaches an SVG attribute.
 */
export const INDICATOR_COLOR = /^(#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]{3,20})$/;

/** An indicator a strategy declared with `I(...)`, as the price chart draws it. */
export interface IndicatorSeries {
  readonly name: string;
  /** On the price pane (true) or in a pane of its own. */
  readonly overlay: boolean;
  /** The line's colour as the strategy gave it (`#rrggbb`, `#rgb` or a CSS colour name); the chart picks one otherwise. */
  readonly color?: string;
  /** The higher timeframe the series was computed on, when it was (its values are aligned to the run's bars). */
  readonly timeframe?: string;
  /** One value per bar of the run (NaN where it has none, as in the warm-up). */
  readonly values: Float64Array;
}

export interface BacktestResult {
  readonly config: BacktestConfig;
  readonly provenance: Provenance;
  readonly stats: BacktestStats;
  readonly trades: readonly Trade[];
  /** Equity marked to market at each bar's close. */
  readonly equity: Float64Array;
  /** Drawdown from the running equity peak at each bar, in percent (0 … 100). */
  readonly drawdownPct: Float64Array;
  /** Bar open times (epoch ms) of the bars the run covered. */
  readonly time: Float64Array;
  /** Equity of buying at the first tradable bar's close with all cash and holding. */
  readonly buyHoldEquity?: Float64Array;
  /** The indicators the strategy declared, in the order it declared them. */
  readonly indicators?: readonly IndicatorSeries[];
}

export type StatUnit = 'time' | 'duration' | 'percent' | 'currency' | 'ratio' | 'count' | 'bars';

export interface StatDefinition {
  readonly key: StatKey;
  readonly label: string;
  readonly unit: StatUnit;
  readonly definition: string;
}

const stat = (key: StatKey, label: string, unit: StatUnit, definition: string): StatDefinition => ({ key, label, unit, definition });

/** Labels, units and one-line definitions for the stats table (tooltips). Formulas: docs/statistics.md. */
export const STAT_DEFINITIONS: readonly StatDefinition[] = [
  stat('startTime', 'Start', 'time', 'Open time of the first bar in the run.'),
  stat('endTime', 'End', 'time', 'Open time of the last bar in the run.'),
  stat('durationMs', 'Duration', 'duration', 'End minus start.'),
  stat('exposureTimePct', 'Exposure time', 'percent', 'Share of bars during which a position was open (entry to exit bar inclusive).'),
  stat('equityFinal', 'Equity final', 'currency', 'Equity at the last bar, open positions marked at the close.'),
  stat('equityPeak', 'Equity peak', 'currency', 'Highest equity at any bar close.'),
  stat('commissionsPaid', 'Commissions', 'currency', 'Sum of commissions charged on entries and exits.'),
  stat('returnPct', 'Return', 'percent', 'Final equity over initial cash, minus 1.'),
  stat('buyHoldReturnPct', 'Buy & hold return', 'percent', 'Change of the close from the first tradable bar to the last.'),
  stat('annualizedReturnPct', 'Return (ann.)', 'percent', 'Geometric mean period return (daily, or weekly, monthly, yearly for such bars) compounded over a year.'),
  stat('annualizedVolatilityPct', 'Volatility (ann.)', 'percent', 'Standard deviation of period returns annualized under compounding.'),
  stat('cagrPct', 'CAGR', 'percent', 'Compound annual growth rate of equity over the run duration.'),
  stat('sharpe', 'Sharpe ratio', 'ratio', 'Annualized return minus risk-free rate, over annualized volatility.'),
  stat('sortino', 'Sortino ratio', 'ratio', 'Annualized return minus risk-free rate, over annualized downside deviation.'),
  stat('calmar', 'Calmar ratio', 'ratio', 'Annualized return over maximum drawdown.'),
  stat('alphaPct', 'Alpha', 'percent', "Return minus beta times the buy & hold return (Jensen's alpha, both net of the risk-free rate)."),
  stat('beta', 'Beta', 'ratio', "Sensitivity of equity to the market: covariance of the bars' log returns over the market's variance."),
  stat('maxDrawdownPct', 'Max. drawdown', 'percent', 'Largest fall of equity from a running peak (0 to 100).'),
  stat('avgDrawdownPct', 'Avg. drawdown', 'percent', 'Mean of the deepest point of each drawdown period.'),
  stat('maxDrawdownDurationMs', 'Max. drawdown duration', 'duration', 'Longest time from a peak to the recovery (or the end).'),
  stat('avgDrawdownDurationMs', 'Avg. drawdown duration', 'duration', 'Mean time from a peak to the recovery (or the end).'),
  stat('maxRunUpPct', 'Max. run-up', 'percent', 'Largest rise of equity from a running trough.'),
  stat('numTrades', 'Trades', 'count', 'Number of closed trades.'),
  stat('winRatePct', 'Win rate', 'percent', 'Share of trades with positive net P&L.'),
  stat('bestTradePct', 'Best trade', 'percent', 'Highest trade return.'),
  stat('worstTradePct', 'Worst trade', 'percent', 'Lowest trade return.'),
  stat('avgTradePct', 'Avg. trade', 'percent', 'Geometric mean of trade returns.'),
  stat('avgWinningTradePnl', 'Avg. winning trade', 'currency', 'Mean net P&L of winning trades.'),
  stat('avgLosingTradePnl', 'Avg. losing trade', 'currency', 'Mean net P&L of losing trades (negative).'),
  stat('winLossRatio', 'Avg. win / avg. loss', 'ratio', 'Mean winning P&L over the absolute mean losing P&L.'),
  stat('largestWinPnl', 'Largest win', 'currency', 'Highest net trade P&L.'),
  stat('largestLossPnl', 'Largest loss', 'currency', 'Lowest net trade P&L.'),
  stat('grossProfit', 'Gross profit', 'currency', 'Sum of net P&L of winning trades.'),
  stat('grossLoss', 'Gross loss', 'currency', 'Sum of net P&L of losing trades (negative or 0).'),
  stat('maxTradeDurationMs', 'Max. trade duration', 'duration', 'Longest time from entry to exit.'),
  stat('avgTradeDurationMs', 'Avg. trade duration', 'duration', 'Mean time from entry to exit.'),
  stat('avgBarsInWinningTrades', 'Avg. bars in winners', 'bars', 'Mean bars held by winning trades.'),
  stat('avgBarsInLosingTrades', 'Avg. bars in losers', 'bars', 'Mean bars held by losing trades.'),
  stat('moneyProfitFactor', 'Profit factor', 'ratio', 'Gross profit over the absolute gross loss, in money (as TradingView and AmiBroker).'),
  stat('profitFactor', 'Profit factor (returns)', 'ratio', "Sum of positive trade returns over the absolute sum of negative ones (backtesting.py's Profit Factor)."),
  stat('expectancyPct', 'Expectancy', 'percent', 'Arithmetic mean of trade returns.'),
  stat('sqn', 'SQN', 'ratio', 'System Quality Number: √n × mean(trade P&L) / std(trade P&L).'),
  stat('kellyCriterion', 'Kelly criterion', 'ratio', 'Win rate − (1 − win rate) / (avg. win / avg. loss).'),
  stat('longTrades', 'Long trades', 'count', 'Number of long trades.'),
  stat('longWinRatePct', 'Long win rate', 'percent', 'Win rate of long trades.'),
  stat('shortTrades', 'Short trades', 'count', 'Number of short trades.'),
  stat('shortWinRatePct', 'Short win rate', 'percent', 'Win rate of short trades.'),
  stat('maxConsecutiveWins', 'Max. consecutive wins', 'count', 'Longest run of winning trades.'),
  stat('maxConsecutiveLosses', 'Max. consecutive losses', 'count', 'Longest run of losing trades.'),
  stat('periodsPerYear', 'Periods per year', 'count', 'Return periods a year used to annualize: 252 days, 365 with weekend data, 52 weeks for weekly bars, 12 months for monthly, 1 for yearly.'),
];
