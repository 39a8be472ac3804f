import type { Bars } from '../../src-shared/bars/bars';
import { sliceBars } from '../../src-shared/bars/bars';
import type { BacktestConfig, BacktestResult, ExitDistance, Trade } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { atr } from '../indicators/volatility';
import { getStrategy, resolveParams } from '../strategies/registry';
import { Broker } from './broker';
import { SeriesPool } from './series-pool';
import { computeStats } from './stats';
import { FLAT, HOLD, LONG, SHORT, type Strategy } from './strategy';
import type { TradeTable } from './trade-math';
import { ENGINE_VERSION } from './version';

export interface RunInput {
  /** Base timeframe. */
  bars: Bars;
  /** Higher-timeframe series keyed by label ('4h'), already resampled by the caller. */
  higher?: Readonly<Record<string, Bars>>;
  /** z.output of backtestConfigSchema. */
  config: BacktestConfig;
  /** Content hash of the dataset, recorded in provenance. */
  dataHash: string;
}

export interface RunHooks {
  /** Polled every 16,384 bars; returning true aborts the run with CANCELLED. */
  shouldStop?: () => boolean;
  /** Called at the same checkpoints with the fraction of bars done. */
  onProgress?: (fraction: number) => void;
}

const CHECKPOINT_MASK = 16_383;

/** Indicator series lent to strategies, reused from run to run in this thread. */
const seriesPool = new SeriesPool();

/** A stop, target or trailing distance resolved for one run: percent of price or ATR multiple. */
interface DistanceRule {
  readonly percent: number;
  readonly multiple: number;
  readonly atr: Float64Array | null;
}

function distanceRule(exit: ExitDistance, bars: Bars): DistanceRule | null {
  if (exit.kind === 'none') return null;
  if (exit.kind === 'percent') return { percent: exit.percent, multiple: 0, atr: null };
  return { percent: 0, multiple: exit.multiple, atr: atr(bars.high, bars.low, bars.close, exit.period) };
}

/** Distance in price units at bar i for a position priced at `price`; NaN when there is none. */
function distanceAt(rule: DistanceRule | null, i: number, price: number): number {
  if (rule === null) return NaN;
  return rule.atr === null ? (price * rule.percent) / 100 : rule.multiple * rule.atr[i];
}

/** The tighter of two stop distances, ignoring a missing (NaN) one. */
const tighter = (a: number, b: number): number => (a !== a ? b : b !== b ? a : Math.min(a, b));

/** First index whose time is ≥ value (or > value when `after`). */
function search(time: Float64Array, value: number, after: boolean): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < value || (after && time[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bars with open time in [from, to], as views on the caller's memory. */
function restrict(bars: Bars, from: number | undefined, to: number | undefined): Bars {
  const start = from === undefined ? 0 : search(bars.time, from, false);
  const end = to === undefined ? bars.time.length : search(bars.time, to, true);
  if (end <= start) throw new BarwiseError('INVALID_CONFIG', `no bars between from (${from}) and to (${to})`);
  return start === 0 && end === bars.time.length ? bars : sliceBars(bars, start, end);
}

function pickHigher(
  required: readonly string[],
  higher: Readonly<Record<string, Bars>> | undefined,
  strategyId: string,
): Record<string, Bars> {
  const picked: Record<string, Bars> = {};
  for (const label of required) {
    const series = higher?.[label];
    if (!series) throw new BarwiseError('INVALID_CONFIG', `strategy '${strategyId}' needs ${label} bars, but none were given`);
    picked[label] = series;
  }
  return picked;
}

/**
 * Run one backtest. The loop per bar: (1) fill the order decided on the previous bar at this
 * open; (2) stop-loss / take-profit / trailing stop against this bar's range; (3) the strategy
 * decides on this bar's close (filled now with tradeOnClose, else at the next open); (4) mark
 * equity at the close. No allocation per bar.
 */
export function runBacktest(input: RunInput, hooks: RunHooks = {}): BacktestResult {
  return runStrategy(getStrategy(input.config.strategy.id), input, hooks);
}

/** runBacktest with the strategy given directly (tests and benchmarks use unregistered ones). */
export function runStrategy(strategy: Strategy, input: RunInput, hooks: RunHooks = {}): BacktestResult {
  try {
    return simulate(strategy, input, hooks);
  } finally {
    seriesPool.reclaim();
  }
}

function simulate(strategy: Strategy, input: RunInput, hooks: RunHooks): BacktestResult {
  const { config } = input;
  const params = resolveParams(strategy, config.strategy.params);
  const bars = restrict(input.bars, config.from, config.to);
  const higher = pickHigher(strategy.requiredTimeframes(params), input.higher, strategy.id);
  const length = bars.time.length;
  const decider = strategy.prepare({ bars, higher, params, series: () => seriesPool.take(length) });
  const strategyStop = decider.stopDistance?.bind(decider);
  if (config.sizing.kind === 'risk' && config.stopLoss.kind === 'none' && !strategyStop) {
    throw new BarwiseError(
      'INVALID_CONFIG',
      `sizing 'risk' needs a stop: set stopLoss, or use a strategy that places one (${strategy.id} does not)`,
    );
  }

  const stopRule = distanceRule(config.stopLoss, bars);
  const takeRule = distanceRule(config.takeProfit, bars);
  const trailRule = distanceRule(config.trailingStop, bars);
  const hasExits = stopRule !== null || takeRule !== null || trailRule !== null || strategyStop !== undefined;
  const broker = new Broker(bars, config);
  const { open, close } = bars;
  const n = bars.time.length;
  const equity = new Float64Array(n);
  const allowLong = config.direction !== 'short-only';
  const allowShort = config.direction !== 'long-only';
  const tradeOnClose = config.tradeOnClose;
  // backtesting.py: next() from bar 1 + warm-up; buy & hold from the warm-up bar.
  const firstDecision = Math.min(Math.max(0, decider.warmup + 1), n);
  const firstTradable = Math.min(Math.max(0, decider.warmup), Math.max(0, n - 1));

  const entryPrice = decider.entryPrice?.bind(decider);
  const { high, low } = bars;

  /** Open `side` at `rawPrice` on bar i; exit distances use the deciding bar's indicators. */
  const enter = (side: number, i: number, rawPrice: number, decisionBar: number, slip: boolean): void => {
    const fill = broker.previewFill(side, rawPrice, slip);
    const stop = tighter(distanceAt(stopRule, decisionBar, fill), strategyStop ? strategyStop(decisionBar) : NaN);
    broker.open(side, i, rawPrice, stop, distanceAt(takeRule, decisionBar, fill), distanceAt(trailRule, decisionBar, fill), slip);
  };

  /** Market order: leave the current position and take `target` at `rawPrice`. */
  const execute = (target: number, i: number, rawPrice: number, decisionBar: number): void => {
    if (broker.position !== 0) broker.close(i, rawPrice, 'signal', true);
    if (target === LONG || target === SHORT) enter(target, i, rawPrice, decisionBar, true);
  };

  /**
   * Limit or stop entry at `price` on bar i (a position held is left at the open, at market).
   * Fills at the open when the bar gaps through the price, at the price when the range touches
   * it, else the order lapses. Returns true when it filled inside the bar.
   */
  const executePriced = (side: number, i: number, price: number, decisionBar: number): boolean => {
    if (broker.position !== 0) broker.close(i, open[i], 'signal', true);
    const isLimit = side === LONG ? price <= close[decisionBar] : price >= close[decisionBar];
    // Signed so that "beyond" means past the price in the order's triggering direction.
    const direction = isLimit ? -side : side;
    if ((open[i] - price) * direction >= 0) {
      enter(side, i, open[i], decisionBar, !isLimit);
      return false;
    }
    const extreme = direction > 0 ? high[i] : low[i];
    if ((extreme - price) * direction < 0) return false;
    enter(side, i, price, decisionBar, !isLimit);
    return true;
  };

  let pending = HOLD;
  let pendingBar = -1;
  let pendingPrice = NaN;
  let ruined = false;
  for (let i = 0; i < n; i++) {
    let filledInside = false;
    if (pending !== HOLD) {
      if (pendingPrice !== pendingPrice) execute(pending, i, open[i], pendingBar);
      else filledInside = executePriced(pending, i, pendingPrice, pendingBar);
      pending = HOLD;
    }
    // An entry filled inside the bar meets its stops from the next bar: the order of prices
    // within this bar, before or after the fill, is unknown.
    if (hasExits && broker.position !== 0 && !filledInside) {
      broker.checkExits(i);
      if (trailRule !== null && broker.position !== 0) broker.trail(i, trailRule.atr === null ? NaN : trailRule.multiple * trailRule.atr[i]);
    }
    if (i >= firstDecision && !ruined) {
      const position = broker.position > 0 ? LONG : broker.position < 0 ? SHORT : FLAT;
      let target: number = decider.decide(i, position);
      if ((target === SHORT && !allowShort) || (target === LONG && !allowLong)) target = FLAT;
      if (target !== HOLD && target !== position) {
        const price = entryPrice !== undefined && target !== FLAT ? entryPrice(i) : NaN;
        if (tradeOnClose && price !== price) execute(target, i, close[i], i);
        else {
          pending = target;
          pendingBar = i;
          pendingPrice = price;
        }
      }
    }
    equity[i] = broker.cash + broker.position * close[i];
    if (equity[i] <= 0 && !ruined) {
      // Ruin (backtesting.py stops the same way): close what is held and stop trading.
      if (broker.position !== 0) broker.close(i, close[i], 'end', false);
      equity[i] = broker.cash;
      pending = HOLD;
      ruined = true;
    }
    if ((i & CHECKPOINT_MASK) === CHECKPOINT_MASK) checkpoint(hooks, i / n);
  }
  if (config.closeAtEnd && broker.position !== 0 && n > 0) {
    broker.close(n - 1, close[n - 1], 'end', false);
    equity[n - 1] = broker.cash;
  }
  hooks.onProgress?.(1);

  let trades: Trade[] | undefined;
  const { stats, drawdownPct } = computeStats({
    time: bars.time,
    close,
    equity,
    trades: broker,
    initialCash: config.cash,
    timeframeMs: bars.timeframeMs,
    firstTradableBar: firstTradable,
    commissionsPaid: broker.commissionsPaid,
    exposedBars: exposedBars(broker, broker.position !== 0 ? broker.openSince : -1, n),
    riskFreeRate: config.riskFreeRate,
  });
  return {
    config,
    provenance: {
      dataHash: input.dataHash,
      strategyId: strategy.id,
      strategyVersion: strategy.version,
      params,
      engineVersion: ENGINE_VERSION,
      seed: null,
    },
    stats,
    // Built on first read (structured clone, JSON and spread all read it): an optimizer that keeps
    // only the statistics never pays for tens of thousands of records.
    get trades(): Trade[] {
      return (trades ??= broker.trades());
    },
    equity,
    drawdownPct,
    time: bars.time,
    buyHoldEquity: buyHoldSeries(close, firstTradable, config.cash),
  };
}

function checkpoint(hooks: RunHooks, fraction: number): void {
  if (hooks.shouldStop?.()) throw new BarwiseError('CANCELLED', 'backtest cancelled');
  hooks.onProgress?.(fraction);
}

/** Bars during which a position was open, entry and exit bars included (a reversal bar once). */
function exposedBars(trades: TradeTable, openSince: number, n: number): number {
  let count = 0;
  let covered = -1;
  for (let k = 0; k < trades.count; k++) {
    const exitBar = trades.exitBar(k);
    count += exitBar - Math.max(trades.entryBar(k), covered + 1) + 1;
    covered = exitBar;
  }
  if (openSince >= 0) count += n - Math.max(openSince, covered + 1);
  return count;
}

/** All cash into the asset at the first tradable bar's close, held to the end (cash before it). */
function buyHoldSeries(close: Float64Array, first: number, cash: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  const units = first < n ? cash / close[first] : 0;
  for (let i = 0; i < n; i++) out[i] = i < first ? cash : units * close[i];
  return out;
}
