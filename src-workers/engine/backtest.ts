import type { Bars } from '../../src-shared/bars/bars';
import { sliceBars } from '../../src-shared/bars/bars';
import { lowerBound, upperBound } from '../../src-shared/bars/search';
import type { BacktestConfig, BacktestResult, BacktestStats, ExitDistance, Trade } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { utcTimeText } from '../../src-shared/format';
import { atr } from '../indicators/volatility';
import { getStrategy, resolveParams } from '../strategies/registry';
import { Broker, END_EXIT, SIGNAL_EXIT } from './broker';
import { SeriesPool } from './series-pool';
import { fillEquity } from './equity-path';
import { drawdownSeries, scanEquity, statistics } from './stats';
import type { Signals } from './signals';
import { FLAT, HOLD, LONG, SHORT, type Decider, type Strategy } from './strategy';
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

/**
 * What the fills of one run need, passed explicitly to module-level functions (no closures over
 * the bar loop's variables, which would live in context slots).
 */
class Fills {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly time: Float64Array;
  /** Any stop, target or trailing stop to place at entry (else entries skip their distances). */
  readonly hasExits: boolean;
  constructor(
    readonly broker: Broker,
    bars: Bars,
    readonly stopRule: DistanceRule | null,
    readonly takeRule: DistanceRule | null,
    readonly trailRule: DistanceRule | null,
    readonly strategyStop: ((i: number) => number) | null,
  ) {
    this.open = bars.open;
    this.high = bars.high;
    this.low = bars.low;
    this.close = bars.close;
    this.time = bars.time;
    this.hasExits = stopRule !== null || takeRule !== null || trailRule !== null || strategyStop !== null;
  }
}

/**
 * Take `target` (LONG, SHORT or FLAT) at `rawPrice` on bar i, leaving a position held at the same
 * price (a market order; a priced entry comes here once flat): one broker fill for both (see
 * Broker.fill). Exit distances use the deciding bar's indicators.
 */
function takeTarget(f: Fills, target: number, i: number, rawPrice: number, decisionBar: number, slip: boolean): void {
  const broker = f.broker;
  if (!f.hasExits || target === FLAT) {
    broker.fill(i, rawPrice, slip, SIGNAL_EXIT, target, NaN, NaN, NaN);
    return;
  }
  const fill = broker.previewFill(target, rawPrice, slip);
  const stop = tighter(distanceAt(f.stopRule, decisionBar, fill), f.strategyStop !== null ? f.strategyStop(decisionBar) : NaN);
  broker.fill(i, rawPrice, slip, SIGNAL_EXIT, target, stop, distanceAt(f.takeRule, decisionBar, fill), distanceAt(f.trailRule, decisionBar, fill));
}

/**
 * Limit or stop entry at `price` on bar i (a position held is left at the open, at market).
 * Fills at the open when the bar gaps through the price, at the price when the range touches
 * it, else the order lapses. Returns true when it filled inside the bar.
 */
function executePriced(f: Fills, side: number, i: number, price: number, decisionBar: number): boolean {
  const open = f.open[i];
  if (f.broker.position !== 0) f.broker.close(i, open, SIGNAL_EXIT, true);
  const isLimit = side === LONG ? price <= f.close[decisionBar] : price >= f.close[decisionBar];
  // Signed so that "beyond" means past the price in the order's triggering direction.
  const direction = isLimit ? -side : side;
  if ((open - price) * direction >= 0) {
    takeTarget(f, side, i, open, decisionBar, !isLimit);
    return false;
  }
  const extreme = direction > 0 ? f.high[i] : f.low[i];
  if ((extreme - price) * direction < 0) return false;
  takeTarget(f, side, i, price, decisionBar, !isLimit);
  return true;
}

/** Signals whose bars are touched at once, and how far ahead of the loop (see touchAhead). */
const TOUCH_BATCH = 16;
const TOUCH_LEAD = 8;
/** Where touchAhead leaves its sum, so that its reads are not optimized away. */
const touched = { sum: 0 };

/**
 * Read the lines the market orders of signals [from, to) will fill from: the price (the next
 * bar's open, or the signal bar's close with tradeOnClose) and the time of the fill bar. Signals
 * are tens of bars apart, so each of those reads is a cache miss once the arrays have been
 * streamed past the caches (the signal pass reads every close), and in the bar loop each miss
 * waited alone: a signal's work is more instructions than the processor looks ahead. Here a
 * batch of misses is in flight at once (measured 22 → 17 ms per million-bar run with 39,000
 * trades). JavaScript has no prefetch instruction; plain reads summed into `touched` stand in.
 */
function touchAhead(price: Float64Array, time: Float64Array, lag: number, signalBars: Int32Array, from: number, to: number): void {
  const last = time.length - 1;
  let sum = 0;
  for (let k = from; k < to; k++) {
    const bar = Math.min(signalBars[k] + lag, last);
    sum += price[bar] + time[bar];
  }
  touched.sum = sum;
}

/**
 * With the loop at signal `cursor` and the signals before `touchedTo` touched: touches the next
 * batch once the loop is within TOUCH_LEAD signals of `touchedTo`. Returns the new `touchedTo`.
 */
function touchDue(price: Float64Array, time: Float64Array, lag: number, signals: Signals, cursor: number, touchedTo: number): number {
  const count = signals.count;
  if (cursor + TOUCH_LEAD < touchedTo || touchedTo >= count) return touchedTo;
  const from = Math.max(touchedTo, cursor);
  const to = Math.min(count, from + TOUCH_BATCH);
  touchAhead(price, time, lag, signals.bars, from, to);
  return to;
}

/** The bar loop's settings that do not change during a run. */
interface LoopSettings {
  readonly firstDecision: number;
  readonly allowLong: boolean;
  readonly allowShort: boolean;
  readonly tradeOnClose: boolean;
  /**
   * The closes the ruin test may assume (see cannotRuin): the run's own range, NO_CLOSES (nothing
   * known: every bar run in full is tested), or NO_RUIN (the first try of a run with signals).
   */
  readonly closes: CloseRange;
}

/** `target` as the run's directions allow it: a side the run may not take becomes FLAT. */
function permitted(target: number, settings: LoopSettings): number {
  return (target === SHORT && !settings.allowShort) || (target === LONG && !settings.allowLong) ? FLAT : target;
}

/** No bound on the closes: cannotRuin answers false whenever something is held. */
const NO_CLOSES: CloseRange = { min: NaN, max: NaN };
/**
 * Closes that never ruin a position (an empty range: +∞ for longs, −∞ for shorts), so that the
 * loop skips every ruin test while something is held. A run tried this way is kept only if its
 * equity never fell to 0 or below (see simulate).
 */
const NO_RUIN: CloseRange = { min: Infinity, max: -Infinity };

/** Set by quietUntil: the strategy's target at the bar it returned. */
let quietTarget: number = HOLD;

/**
 * Bars on which nothing can happen, in a loop of their own: from bar `from`, the first bar
 * (< `to`) at which the strategy wants something other than `position`, or at which equity
 * (cash + held × (close − entry)) is ≤ 0; `to` when there is none. Called only with no order pending and no
 * stop to watch. Small and call-free (decide is inlined), so V8 keeps it in registers; the full
 * bar loop, with every fill inlined into it, cannot.
 */
function quietUntil(decider: Decider, position: number, from: number, to: number, close: Float64Array, cash: number, held: number, entry: number): number {
  // Unboxed once here: V8 does not hoist a parameter's number check out of the loop.
  const side = position | 0;
  const account = cash * 1;
  const units = held * 1;
  const price = entry * 1;
  for (let i = from; i < to; i++) {
    const target = decider.decide(i, side);
    if ((target !== HOLD && target !== side) || account + units * (close[i] - price) <= 0) {
      quietTarget = target;
      return i;
    }
  }
  return to;
}

/** First bar in [from, to) at which equity (cash + held × (close − entry)) is ≤ 0, else `to`. */
function firstRuin(close: Float64Array, from: number, to: number, cash: number, held: number, entry: number): number {
  const account = cash * 1;
  const units = held * 1;
  const price = entry * 1;
  for (let i = from; i < to; i++) if (account + units * (close[i] - price) <= 0) return i;
  return to;
}

interface CloseRange {
  readonly min: number;
  readonly max: number;
}

/** Lowest and highest close. A NaN close is passed over: equity NaN is not ≤ 0, so it never ruins. */
function closeRange(close: Float64Array): CloseRange {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < close.length; i++) {
    const c = close[i];
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return { min, max };
}

/**
 * True when no bar can ruin the account while it stays as it is. Equity
 * fl(cash + fl(held × fl(c − entry))) is monotonic in the close c (correctly rounded differences,
 * products and sums are), so it is > 0 at every bar when it is > 0 at the run's lowest close
 * (long) or highest close (short).
 */
function cannotRuin(cash: number, held: number, entry: number, closes: CloseRange): boolean {
  if (held === 0) return cash > 0;
  return cash + held * ((held > 0 ? closes.min : closes.max) - entry) > 0;
}

/**
 * The bar loop (see runBacktest). Equity is not stored per bar: the broker records its state
 * after each bar with a fill, and the equity series is rebuilt from that on demand.
 *
 * Bars where nothing can happen (no order pending, no stop to watch, the strategy content with
 * what is held, no ruin) are skipped: with signals (a rule given for all bars in advance) from
 * one signal to the next, checking for ruin only when it is possible; otherwise through
 * quietUntil. Every other bar runs here in full.
 */
function barLoop(f: Fills, decider: Decider, settings: LoopSettings, hooks: RunHooks): void {
  const { broker, open, close, trailRule, hasExits } = f;
  const { firstDecision, tradeOnClose, closes } = settings;
  const entryPrice = decider.entryPrice !== undefined ? decider.entryPrice.bind(decider) : null;
  const trailByAtr = trailRule !== null && trailRule.atr !== null ? trailRule.atr : null;
  const trailMultiple = trailRule !== null ? trailRule.multiple : 0;
  const n = close.length;
  const signals = decider.signals ?? null;
  const signalCount = signals !== null ? signals.count : 0;
  const signalBars = signals !== null ? signals.bars : new Int32Array(0);
  const signalTargets = signals !== null ? signals.targets : new Int8Array(0);
  /** Index of the first signal not yet passed. */
  let cursor = 0;
  /** Signals before this one have been touched (touchAhead). */
  let touchedTo = 0;
  let pending = HOLD;
  let pendingBar = -1;
  let pendingPrice = NaN;
  // The account in locals, read back from the broker after each call that can fill. Before the
  // first decision nothing can happen (no order, no position, positive cash).
  let cash = broker.cash;
  let held = broker.position;
  let entry = broker.entryPrice;
  let i = firstDecision;
  while (i < n) {
    let position = held > 0 ? LONG : held < 0 ? SHORT : FLAT;
    // The strategy's target at bar i, when quietUntil already asked for it.
    let known = false;
    if (pending === HOLD && !(hasExits && held !== 0)) {
      let next: number;
      let event: boolean;
      if (signals !== null) {
        // Signals that would change nothing (before i, or the side already held) are passed over.
        while (cursor < signalCount && (signalBars[cursor] < i || signalTargets[cursor] === position)) cursor++;
        touchedTo = touchDue(tradeOnClose ? close : open, f.time, tradeOnClose ? 0 : 1, signals, cursor, touchedTo);
        const signalBar = cursor < signalCount ? signalBars[cursor] : n;
        if (cannotRuin(cash, held, entry, closes)) next = signalBar;
        else next = firstRuin(close, i, Math.min(signalBar, (i | CHECKPOINT_MASK) + 1), cash, held, entry);
        event = next === signalBar ? next < n : cash + held * (close[next] - entry) <= 0;
      } else {
        const end = Math.min(n, (i | CHECKPOINT_MASK) + 1);
        next = quietUntil(decider, position, i, end, close, cash, held, entry);
        event = next < end;
        known = true;
      }
      checkpointsBetween(hooks, i, next, n);
      i = next;
      if (!event) continue;
    }
    let filledInside = false;
    if (pending !== HOLD) {
      if (pendingPrice !== pendingPrice) takeTarget(f, pending, i, open[i], pendingBar, true);
      else filledInside = executePriced(f, pending, i, pendingPrice, pendingBar);
      pending = HOLD;
      cash = broker.cash;
      held = broker.position;
      entry = broker.entryPrice;
    }
    // An entry filled inside the bar meets its stops from the next bar: the order of prices
    // within this bar, before or after the fill, is unknown.
    if (hasExits && held !== 0 && !filledInside) {
      broker.checkExits(i);
      if (trailRule !== null && broker.position !== 0) broker.trail(i, trailByAtr === null ? NaN : trailMultiple * trailByAtr[i]);
      cash = broker.cash;
      held = broker.position;
      entry = broker.entryPrice;
    }
    position = held > 0 ? LONG : held < 0 ? SHORT : FLAT;
    let target: number;
    if (signals !== null) {
      while (cursor < signalCount && signalBars[cursor] < i) cursor++;
      target = cursor < signalCount && signalBars[cursor] === i ? signalTargets[cursor] : HOLD;
    } else target = known ? quietTarget : decider.decide(i, position);
    if (target !== HOLD && target !== position) {
      target = permitted(target, settings);
      if (target !== position) {
        const price = entryPrice !== null && target !== FLAT ? entryPrice(i) : NaN;
        if (tradeOnClose && price !== price) {
          takeTarget(f, target, i, close[i], i, true);
          cash = broker.cash;
          held = broker.position;
          entry = broker.entryPrice;
        } else {
          pending = target;
          pendingBar = i;
          pendingPrice = price;
        }
      }
    }
    // The close is read only when ruin is possible: for signals it would be one more cache miss.
    if (!cannotRuin(cash, held, entry, closes) && cash + held * (close[i] - entry) <= 0) {
      // Ruin (backtesting.py stops the same way): close what is held and stop trading.
      if (held !== 0) broker.close(i, close[i], END_EXIT, false);
      broker.settle(i);
      return;
    }
    if ((i & CHECKPOINT_MASK) === CHECKPOINT_MASK) checkpoint(hooks, i / n);
    i++;
  }
}

/**
 * The first try of a run whose strategy gives signals and places nothing but market orders (no
 * stop, target, trailing stop or entry price): barLoop's work for it, signal by signal, without
 * the loop's per-bar machinery. For each signal that changes what is held, one broker fill at the
 * next bar's open (at the signal bar's close with tradeOnClose); a signal on the last bar lapses.
 * No ruin test at all: a run whose equity reaches 0 or below is made again by barLoop with its
 * tests (see simulate), and until then barLoop would have made the same fills. Progress and
 * cancellation are polled at the same bars as in barLoop (signals.test.ts compares the two).
 */
function signalFills(f: Fills, signals: Signals, settings: LoopSettings, hooks: RunHooks): void {
  const { broker, open, close, time } = f;
  const { firstDecision, tradeOnClose } = settings;
  const n = close.length;
  const count = signals.count;
  const bars = signals.bars;
  const targets = signals.targets;
  const lag = tradeOnClose ? 0 : 1;
  const price = tradeOnClose ? close : open;
  let position = FLAT;
  /** Checkpoints before this bar have been polled. */
  let polled = firstDecision;
  let touchedTo = 0;
  let k = 0;
  while (k < count && bars[k] < firstDecision) k++;
  for (; k < count; k++) {
    touchedTo = touchDue(price, time, lag, signals, k, touchedTo);
    let target = targets[k];
    if (target === position) continue;
    target = permitted(target, settings);
    if (target === position) continue;
    const bar = bars[k] + lag;
    if (bar >= n) break;
    // barLoop polls at every bar b with (b & CHECKPOINT_MASK) === CHECKPOINT_MASK (after b's
    // fill, if b has one): here the bars before each fill bar, before its fill.
    checkpointsBetween(hooks, polled, bar, n);
    polled = bar;
    broker.fill(bar, price[bar], true, SIGNAL_EXIT, target, NaN, NaN, NaN);
    const held = broker.position;
    position = held > 0 ? LONG : held < 0 ? SHORT : FLAT;
  }
  checkpointsBetween(hooks, polled, n, n);
}

function simulate(strategy: Strategy, input: RunInput, hooks: RunHooks): BacktestResult {
  const { config } = input;
  const params = resolveParams(strategy, config.strategy.params);
  const bars = restrict(input.bars, config.from, config.to);
  const higher = pickHigher(strategy.requiredTimeframes(params), input.higher, strategy.id);
  const n = bars.time.length;
  const decider = strategy.prepare({ bars, higher, params, series: () => seriesPool.take(n) });
  const strategyStop = decider.stopDistance !== undefined ? decider.stopDistance.bind(decider) : null;
  if (config.sizing.kind === 'risk' && config.stopLoss.kind === 'none' && strategyStop === null) {
    throw new BarwiseError(
      'INVALID_CONFIG',
      `sizing 'risk' needs a stop: set stopLoss, or use a strategy that places one (${strategy.id} does not)`,
    );
  }

  const stopRule = distanceRule(config.stopLoss, bars);
  const takeRule = distanceRule(config.takeProfit, bars);
  const trailRule = distanceRule(config.trailingStop, bars);
  // backtesting.py: next() from bar 1 + warm-up; buy & hold from the warm-up bar.
  const firstTradable = Math.min(Math.max(0, decider.warmup), Math.max(0, n - 1));
  const { close } = bars;
  const signals = decider.signals ?? null;
  const trade = (closes: CloseRange, runHooks: RunHooks): Fills => {
    const broker = new Broker(bars, config, signals?.count);
    const fills = new Fills(broker, bars, stopRule, takeRule, trailRule, strategyStop);
    const settings: LoopSettings = {
      firstDecision: Math.min(Math.max(0, decider.warmup + 1), n),
      allowLong: config.direction !== 'short-only',
      allowShort: config.direction !== 'long-only',
      tradeOnClose: config.tradeOnClose,
      closes,
    };
    if (closes === NO_RUIN && signals !== null && !fills.hasExits && decider.entryPrice === undefined) {
      signalFills(fills, signals, settings, runHooks);
    } else barLoop(fills, decider, settings, runHooks);
    if (config.closeAtEnd && broker.position !== 0 && n > 0) closeAtEnd(broker, bars, config.tradeOnClose, closes);
    return fills;
  };
  // With signals the loop skips the bars between them, and knowing where ruin is possible would
  // take the closes' range, a pass over every close (~0.4 ms per million bars even inside the
  // signal pass). So the run is first tried as if no close could ruin it. Up to the first bar at
  // which equity is ≤ 0 that try is the same run, bar for bar (it differs only in what it tests);
  // so if its equity never falls to 0 or below, it is the run. Otherwise (leverage, a short
  // through a doubling) the run is made again with the range and its ruin tests (docs/engine.md,
  // "Performance").
  let fills = trade(signals !== null ? NO_RUIN : NO_CLOSES, hooks);
  let curve = scanEquity(bars.time, close, fills.broker.path, bars.timeframeMs);
  if (signals !== null && curve.lowest <= 0) {
    // Progress was already reported to the end once; only cancellation is polled again.
    fills = trade(closeRange(close), { shouldStop: hooks.shouldStop });
    curve = scanEquity(bars.time, close, fills.broker.path, bars.timeframeMs);
  }
  hooks.onProgress?.(1);

  // The statistics read equity off the broker's path; the result's series are built when read.
  const { broker } = fills;
  const path = broker.path;
  const stats = statistics({
    time: bars.time,
    close,
    equity: path,
    trades: broker,
    initialCash: config.cash,
    timeframeMs: bars.timeframeMs,
    firstTradableBar: firstTradable,
    commissionsPaid: broker.commissionsPaid,
    exposedBars: broker.exposedBars(n),
    riskFreeRate: config.riskFreeRate,
  }, curve);
  previousRun.objects = [fills, decider, broker, path, stats, hooks, input];
  return result(input, strategy, params, stats, broker, bars, firstTradable);
}

/**
 * Closes a position still open after the last bar with a market order, filled as the run fills
 * every market order: at the last bar's open (an order at the close of the bar before it), or
 * with `tradeOnClose` at the last close. backtesting.py's `finalize_trades` fills at that open too;
 * docs/engine.md says where we differ. The try without ruin tests (NO_RUIN) has not tested the
 * last close, where the checked run would close a ruined position first: it leaves such a
 * position open, so the ruin shows in the curve's lowest equity and the run is made again.
 */
function closeAtEnd(broker: Broker, bars: Bars, tradeOnClose: boolean, closes: CloseRange): void {
  const last = bars.close.length - 1;
  if (closes === NO_RUIN && broker.cash + broker.position * (bars.close[last] - broker.entryPrice) <= 0) return;
  broker.close(last, tradeOnClose ? bars.close[last] : bars.open[last], END_EXIT, true);
  broker.settle(last);
}

/**
 * The previous run's objects, kept alive until the next run ends. V8 holds hidden classes (maps)
 * and inlined closures weakly from optimized code: when a worker's GC collected the last run's
 * broker, decider and the like, every function that had inlined them was deoptimized and the
 * next run started back in the interpreter (measured: ~70 dependent-code deopts per run, a run
 * 1.7× slower after a full GC). The equity path is among them: it is an object literal whose
 * map dies with it, and scanEquity then deoptimized and recompiled on every run after a GC.
 * Costs one run's trade log in memory.
 */
const previousRun: { objects: readonly unknown[] } = { objects: [] };

/**
 * The run's result. Trades and the per-bar series (equity, drawdown, buy & hold) are built on
 * first read and then kept: structured clone (posting to another thread), JSON and spread all
 * read them, while an optimizer that keeps only the statistics never pays for them (three fresh
 * 8 MB arrays per million bars, mostly page faults). They are rebuilt from the run's inputs, so
 * the bars must not be modified while a result still has series to build.
 */
function result(
  input: RunInput,
  strategy: Strategy,
  params: BacktestResult['provenance']['params'],
  stats: BacktestStats,
  broker: Broker,
  bars: Bars,
  firstTradable: number,
): BacktestResult {
  const { config } = input;
  const n = bars.time.length;
  let trades: Trade[] | undefined;
  let equity: Float64Array | undefined;
  let drawdown: Float64Array | undefined;
  let buyHold: Float64Array | undefined;
  const equityOf = (): Float64Array => (equity ??= fillEquity(broker.path, new Float64Array(n)));
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
    get trades(): Trade[] {
      return (trades ??= broker.trades());
    },
    get equity(): Float64Array {
      return equityOf();
    },
    get drawdownPct(): Float64Array {
      return (drawdown ??= drawdownSeries(equityOf()));
    },
    time: bars.time,
    get buyHoldEquity(): Float64Array {
      return (buyHold ??= buyHoldSeries(bars.close, firstTradable, config.cash));
    },
  };
}

function checkpoint(hooks: RunHooks, fraction: number): void {
  if (hooks.shouldStop?.()) throw new BarwiseError('CANCELLED', 'backtest cancelled');
  hooks.onProgress?.(fraction);
}

/** The checkpoints of bars [from, to), passed over without running them (n: the run's bars). */
function checkpointsBetween(hooks: RunHooks, from: number, to: number, n: number): void {
  for (let b = from | CHECKPOINT_MASK; b < to; b += CHECKPOINT_MASK + 1) checkpoint(hooks, b / n);
}

/** All cash into the asset at the first tradable bar's close, held to the end (cash before it). */
function buyHoldSeries(close: Float64Array, first: number, cash: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  const units = first < n ? cash / close[first] : 0;
  for (let i = 0; i < n; i++) out[i] = i < first ? cash : units * close[i];
  return out;
}
