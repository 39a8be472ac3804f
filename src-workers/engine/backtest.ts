import type { Bars } from '../../src-shared/bars/bars';
import { sliceBars } from '../../src-shared/bars/bars';
import { lowerBound, upperBound } from '../../src-shared/bars/search';
import type { BacktestConfig, BacktestResult, ParamValues, Trade } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { utcTimeText } from '../../src-shared/format';
import { timeframesOf, type LoadedStrategy } from '../sdk/loaded';
import { resolveParams } from '../sdk/params';
import { nextFailure, prepareStrategy, refusedTarget, runNext, type PreparedStrategy } from '../sdk/runtime';
import { getStrategy } from '../strategies/registry';
import { checkExits, closeAll, fillMarketOrdersAtClose, fillOrders, markToMarket, openBroker, positionOf, submit, type Broker } from './broker';
import { entryOrder, runExits, type Order, type RunExits } from './orders';
import { drawdownSeries, statistics } from './stats';
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
  /** Told of every order the strategy places, as it places it (the look-ahead check). */
  onOrder?: (order: Order) => void;
  /** Given the strategy after init and signals (the look-ahead check reads its targets). */
  onPrepared?: (prepared: PreparedStrategy) => void;
}

const CHECKPOINT_MASK = 16_383;

/** Runs a built-in strategy, named by `config.strategy.id`. */
export function runBacktest(input: RunInput, hooks: RunHooks = {}): BacktestResult {
  return runStrategy(getStrategy(input.config.strategy.id), input, hooks);
}

/**
 * Runs one backtest of `strategy`. For each bar i, in order:
 *   1. fill the orders placed at bar i − 1 (market orders at the open; limit and stop orders in
 *      the bar's range, else they lapse);
 *   2. check each lot's stop-loss, take-profit and trailing stop against the bar's range;
 *   3. from the first bar after the warm-up, the strategy decides on the bar's close (`next`, or
 *      its `signals` target); with tradeOnClose its market orders fill at that close;
 *   4. mark equity to the close; at equity ≤ 0 close everything there and stop (ruin).
 * Then a position still open is closed at the last bar's open (its close with tradeOnClose).
 */
export function runStrategy(strategy: LoadedStrategy, input: RunInput, hooks: RunHooks = {}): BacktestResult {
  const { config } = input;
  const params = resolveParams(strategy.id, strategy.definition, config.strategy.params);
  const bars = restrict(input.bars, config.from, config.to);
  const higher = pickHigher(timeframesOf(strategy, params), input.higher, strategy.id);
  const n = bars.time.length;
  const broker = openBroker(bars, config, hooks.onOrder);
  const exits = runExits(config, bars);
  const prepared = prepareStrategy(strategy, { bars, higher, params, broker, exits, config });
  hooks.onPrepared?.(prepared);
  // backtesting.py: next() from the bar after the warm-up; buy & hold from the warm-up bar.
  const firstDecision = strategy.fromBarZero ? 0 : Math.min(prepared.warmup + 1, n);
  const firstTradable = strategy.fromBarZero ? 0 : Math.min(prepared.warmup, Math.max(0, n - 1));

  const equity = new Float64Array(n);
  let exposedBars: number;
  try {
    exposedBars = tradeBars({ bars, config, broker, exits, prepared, firstDecision, file: strategy.file, equity }, hooks);
  } catch (error) {
    throw nextFailure(prepared, error);
  }
  hooks.onProgress?.(1);

  const stats = statistics({
    time: bars.time,
    close: bars.close,
    equity,
    trades: broker.trades,
    initialCash: config.cash,
    timeframeMs: bars.timeframeMs,
    firstTradableBar: firstTradable,
    commissionsPaid: broker.commissionsPaid,
    exposedBars,
    riskFreeRate: config.riskFreeRate,
  });
  let trades: readonly Trade[] | undefined;
  let drawdown: Float64Array | undefined;
  let buyHold: Float64Array | undefined;
  return {
    config,
    provenance: provenanceOf(strategy, params, input.dataHash),
    stats,
    // Built on first read (posting the result to another thread reads them; a sweep keeping only
    // the statistics never does).
    get trades(): readonly Trade[] {
      return (trades ??= broker.trades.records());
    },
    equity,
    get drawdownPct(): Float64Array {
      return (drawdown ??= drawdownSeries(equity));
    },
    time: bars.time,
    get buyHoldEquity(): Float64Array {
      return (buyHold ??= buyHoldSeries(bars.close, firstTradable, config.cash));
    },
    indicators: prepared.indicators,
  };
}

interface Simulation {
  readonly bars: Bars;
  readonly config: BacktestConfig;
  readonly broker: Broker;
  readonly exits: RunExits;
  readonly prepared: PreparedStrategy;
  readonly firstDecision: number;
  /** The strategy's file, named by a refusal. */
  readonly file: string;
  /** Written: equity at each bar's close. */
  readonly equity: Float64Array;
}

/** The bar loop (see runStrategy). Returns the bars during which a position was held. */
function tradeBars(sim: Simulation, hooks: RunHooks): number {
  const { bars, broker, prepared, firstDecision, equity } = sim;
  const { tradeOnClose, closeAtEnd } = sim.config;
  const { open, close } = bars;
  const n = close.length;
  const targets = prepared.targets;
  let exposed = 0;
  for (let i = 0; i < n; i++) {
    fillOrders(broker, i);
    checkExits(broker, i);
    if (i >= firstDecision) {
      if (targets === null) runNext(prepared, i);
      else if (targets[i] === targets[i]) orderTarget(sim, targets[i], i);
      if (tradeOnClose) fillMarketOrdersAtClose(broker, i);
    }
    const ruined = markToMarket(broker, i, equity);
    if (broker.lots.length > 0 || broker.lastFillBar === i) exposed++;
    if (ruined) {
      // Ruin (backtesting.py stops the same way): close what is held at this close and stop.
      closeAll(broker, i, close[i], 'end', false);
      equity.fill(broker.cash, i);
      return exposed;
    }
    if ((i & CHECKPOINT_MASK) === CHECKPOINT_MASK) checkpoint(hooks, i / n);
  }
  if (closeAtEnd && broker.lots.length > 0) {
    // A market order placed at the last bar's open (as if at the close before), or at its close.
    const last = n - 1;
    closeAll(broker, last, tradeOnClose ? close[last] : open[last], 'end', true);
    equity[last] = broker.cash;
  }
  return exposed;
}

/**
 * A `signals` target at bar i (not NaN, which keeps what is held): when it differs from what is held (and the run's direction allows
 * it), close the position and open the target's side, as `position.close(); buy()` would.
 */
function orderTarget(sim: Simulation, target: number, i: number): void {
  if (target !== 1 && target !== -1 && target !== 0) throw refusedTarget(sim.file, i, target);
  const { broker, config } = sim;
  const held = positionOf(broker);
  const side = held > 0 ? 1 : held < 0 ? -1 : 0;
  if (target === side) return;
  const allowed = (target < 0 && config.direction === 'long-only') || (target > 0 && config.direction === 'short-only') ? 0 : target;
  if (allowed === side) return;
  if (side !== 0) submit(broker, { kind: 'close', fraction: 1, bar: i });
  if (allowed === 0) return;
  if (config.sizing.kind === 'risk' && sim.exits.stopLoss === null) {
    throw new BarwiseError('INVALID_CONFIG', "sizing 'risk' needs a stop: set stopLoss (a strategy's signals place no stop of their own)");
  }
  submit(broker, entryOrder({ side: allowed > 0 ? 1 : -1, limit: NaN, stop: NaN }, sim.exits, config.sizing, i));
}

function provenanceOf(strategy: LoadedStrategy, params: Readonly<ParamValues>, dataHash: string): BacktestResult['provenance'] {
  return {
    dataHash,
    strategyId: strategy.id,
    strategyVersion: strategy.version,
    params: { ...params },
    engineVersion: ENGINE_VERSION,
    seed: null,
    ...(strategy.sourceHash === undefined ? {} : { sourceHash: strategy.sourceHash }),
  };
}

/** Bars with open time in [from, to], as views on the caller's memory. */
function restrict(bars: Bars, from: number | undefined, to: number | undefined): Bars {
  const start = from === undefined ? 0 : lowerBound(bars.time, from);
  const end = to === undefined ? bars.time.length : upperBound(bars.time, to);
  if (end <= start) {
    const n = bars.time.length;
    const data = n > 0 ? `the data runs from ${utcTimeText(bars.time[0])} to ${utcTimeText(bars.time[n - 1])} UTC` : 'the data has no bars';
    const since = from === undefined ? 'the start' : utcTimeText(from);
    const until = to === undefined ? 'the end' : utcTimeText(to);
    throw new BarwiseError('INVALID_CONFIG', `no bars between ${since} and ${until} (${data})`);
  }
  return start === 0 && end === bars.time.length ? bars : sliceBars(bars, start, end);
}

function pickHigher(required: readonly string[], higher: Readonly<Record<string, Bars>> | undefined, strategyId: string): Record<string, Bars> {
  const picked: Record<string, Bars> = {};
  for (const label of required) {
    const series = higher?.[label];
    if (!series) throw new BarwiseError('INVALID_CONFIG', `strategy '${strategyId}' needs ${label} bars, but none were given`);
    picked[label] = series;
  }
  return picked;
}

function checkpoint(hooks: RunHooks, fraction: number): void {
  if (hooks.shouldStop?.()) throw new BarwiseError('CANCELLED', 'backtest cancelled');
  hooks.onProgress?.(fraction);
}

/** All cash into the asset at the first tradable bar's close, held to the end (cash before it). */
function buyHoldSeries(close: Float64Array, first: number, cash: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  const units = first < n ? cash / close[first] : 0;
  for (let i = 0; i < n; i++) out[i] = i < first ? cash : units * close[i];
  return out;
}
