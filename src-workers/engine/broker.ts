import type { Bars } from '../../src-shared/bars/bars';
import type { BacktestConfig, ExitReason, Trade } from '../../src-shared/backtest';
import { STATE_FIELDS, type EquityPath } from './equity-path';
import { netPnl, netReturnPct, type TradeTable } from './trade-math';
import { unzeroedFloat64 } from './unzeroed';

const EXIT_REASONS: readonly ExitReason[] = ['signal', 'stop-loss', 'take-profit', 'trailing-stop', 'end'];
/** Exit reasons as the trade log stores them: indices into EXIT_REASONS. */
export const SIGNAL_EXIT = 0;
const STOP_LOSS_EXIT = 1;
const TAKE_PROFIT_EXIT = 2;
const TRAILING_STOP_EXIT = 3;
export const END_EXIT = 4;
/**
 * side, size, entry bar, entry price, exit bar, exit price, commission, exit reason index, net P&L,
 * net return %, duration (ms): the last three computed once at the close, for the statistics and
 * the records alike. The duration is read there because the bar's time is then one load beside
 * the fill's price; read later by the statistics, each trade's two times were scattered loads
 * from a large array (measured 1.6 ms of cache misses for 39,000 trades).
 */
const LOG_FIELDS = 11;

/** A copy of `array` with twice its length (the logs grow by doubling; see initialRows). */
function doubled(array: Float64Array): Float64Array {
  const grown = unzeroedFloat64(array.length * 2);
  grown.set(array);
  return grown;
}

/**
 * Rows to reserve for the trade log (twice that for the account states), from the trades the run
 * expects: at most one per signal for a strategy that gives signals (every entry follows one),
 * else one per 16 bars, which covers a busy intraday strategy (the bench's SMA(10)/SMA(30) trades
 * every 26 bars). Growing by doubling from 64 rows cost ~100 ns per trade for 39,000 trades in
 * isolation and ~1.5 ms of a million-bar run (each larger array is fresh memory, plus the copy).
 * The logs are not zeroed (see unzeroed.ts): rows reserved and never used cost memory, not time.
 */
function initialRows(bars: number, expectedTrades: number | undefined): number {
  return Math.max(64, expectedTrades ?? Math.ceil(bars / 16));
}

/**
 * A closed trade. A class rather than an object literal: V8 builds class instances with double
 * fields several times faster (measured 5×), and a trade-heavy run builds tens of thousands.
 * It crosses threads as a plain object (structured clone keeps own fields only).
 */
class TradeRecord implements Trade {
  readonly barsHeld: number;
  readonly durationMs: number;
  constructor(
    readonly side: 'long' | 'short',
    readonly size: number,
    readonly entryBar: number,
    readonly entryTime: number,
    readonly entryPrice: number,
    readonly exitBar: number,
    readonly exitTime: number,
    readonly exitPrice: number,
    readonly pnl: number,
    readonly returnPct: number,
    readonly commission: number,
    readonly exitReason: ExitReason,
  ) {
    this.barsHeld = exitBar - entryBar;
    this.durationMs = exitTime - entryTime;
  }
}

/**
 * The broker: fills, costs, the one open position, cash and equity. Single position, no
 * hedging (backtesting.py's default `hedging=False, exclusive_orders` behaviour for a
 * stop-and-reverse strategy). Cash is what a broker statement calls the balance: the initial
 * cash plus the closed trades' gross P&L, less every commission when it is paid; the open
 * position adds its P&L to the close, so equity = cash + position × (close − entryPrice).
 *
 * Everything per bar is plain number fields: the hot path allocates nothing; only a closed trade
 * creates an object.
 */
export class Broker implements TradeTable {
  /**
   * Initialized here, not only in the constructor: a class field declared without a value starts
   * as undefined, V8 then keeps it as a tagged field, and every store of a double to it allocated
   * a fresh HeapNumber (two per trade; 1.2 MB per million-bar run with 39,000 trades).
   */
  cash = 0;
  /** Signed units held: > 0 long, < 0 short, 0 flat. */
  position = 0;
  /**
   * The open position's entry fill price. Equity is cash + position × (close − entryPrice): cash
   * is what the closed trades realized, less every commission paid (backtesting.py's account), so
   * a position marked at its own entry price adds exactly nothing to equity.
   */
  entryPrice = 0;
  commissionsPaid = 0;
  /**
   * Closed trades, one row of LOG_FIELDS numbers each, in a Float64Array grown by doubling:
   * closing a trade in the bar loop allocates nothing; Trade objects are built once at the end.
   * Both logs start with room for the trades the run expects (see initialRows).
   */
  private log: Float64Array;
  private logged = 0;
  /** The account (bar, cash, position) after every bar with a fill: see EquityPath. */
  private states: Float64Array;
  private stateRows = 0;
  /** Bars whose equity is the cash alone (a position closed at the close: ruin, end of data). */
  private readonly settled: number[] = [];
  private readonly initialCash: number;

  private openedBar = 0;
  /**
   * Bars the closed trades held a position, entry and exit bars included, a bar shared by an exit
   * and the next entry (a reversal) once. Counted at each close rather than by a pass over the
   * trade log afterwards (0.17 ms for 39,000 trades).
   */
  private exposed = 0;
  /** The last bar counted in `exposed` (−1: none yet). */
  private coveredTo = -1;
  private entryTime = 0;
  private entryCommission = 0;
  /** Stop-loss and take-profit prices of the open position (NaN: none). */
  private stopPrice = NaN;
  private takePrice = NaN;
  /** Trailing stop: the distance rule and the current level (NaN: none). */
  private trailLevel = NaN;
  private extreme = NaN;

  /**
   * The run's costs and sizing as numbers. Each starts as NaN, a double, for the reason `cash`
   * starts at 0: declared bare, the field starts undefined, V8 keeps it tagged, and a cost of 0 (a
   * small integer) or 0.001 (a heap number) was then told apart at every read in `fill`. As
   * double fields each read is two loads: the bar loop of 39,000 fills 4.1–4.6 → 3.6–4.3 ms.
   */
  private readonly commissionFraction: number = NaN;
  private readonly commissionFixed: number = NaN;
  private readonly slippageFraction: number = NaN;
  private readonly slippageAbsolute: number = NaN;
  private readonly spread: number = NaN;
  private readonly leverage: number = NaN;
  private readonly fractional: boolean;
  private readonly sizing: BacktestConfig['sizing'];
  /** Trailing distance as a percent of the best price (0 when trailing by ATR or not at all). */
  private readonly trailPercent: number = NaN;
  /** Fixed commission ÷ the equity-fraction sizing's fraction (0 for other sizings): once a run. */
  private readonly fixedPerFraction: number = NaN;

  constructor(
    private readonly bars: Bars,
    config: BacktestConfig,
    /** How many trades the run expects at most, when it knows (see initialRows). */
    expectedTrades?: number,
  ) {
    const rows = initialRows(bars.close.length, expectedTrades);
    this.log = unzeroedFloat64(rows * LOG_FIELDS);
    this.states = unzeroedFloat64(2 * rows * STATE_FIELDS);
    this.cash = config.cash;
    this.initialCash = config.cash;
    this.commissionFraction = config.commission.fraction;
    this.commissionFixed = config.commission.fixed;
    this.slippageFraction = config.slippage.kind === 'fraction' ? config.slippage.fraction : 0;
    this.slippageAbsolute = config.slippage.kind === 'ticks' ? config.slippage.ticks * config.slippage.tickSize : 0;
    this.spread = config.spread;
    this.leverage = config.leverage;
    this.fractional = config.fractionalUnits;
    this.sizing = config.sizing;
    this.trailPercent = config.trailingStop.kind === 'percent' ? config.trailingStop.percent : 0;
    this.fixedPerFraction = config.sizing.kind === 'equity-fraction' ? this.commissionFixed / config.sizing.fraction : 0;
  }

  /**
   * The entry fill for `side` at `rawPrice`: spread, then slippage (market and stop orders; a
   * limit order never fills worse than its price), both against the trader.
   */
  previewFill(side: number, rawPrice: number, slip: boolean): number {
    const quoted = rawPrice * (1 + side * this.spread);
    return slip ? this.slipped(quoted, side) : quoted;
  }

  /** Price after slippage, always against the trader (`direction` +1 buys, −1 sells). */
  private slipped(price: number, direction: number): number {
    return price * (1 + direction * this.slippageFraction) + direction * this.slippageAbsolute;
  }

  private commission(units: number, price: number): number {
    return this.commissionFixed + this.commissionFraction * units * price;
  }

  /**
   * Units for a new position at `rawPrice` (before costs), following backtesting.py: a fraction f
   * of buying power buys ⌊equity × leverage × f / (adjusted price + commission per unit)⌋ units.
   * `stopDistance` (price units) is needed by risk sizing. Returns 0 when not even one unit fits.
   */
  private units(side: number, rawPrice: number, fillPrice: number, stopDistance: number): number {
    const equity = this.cash; // flat when opening: equity is cash
    if (equity <= 0) return 0;
    const buyingPower = equity * this.leverage;
    const unitCost = fillPrice + this.commissionFraction * rawPrice;
    // Initialized, although the switch covers every kind: JavaScript still has a path where
    // none matched, and with `undefined` on it V8 kept `units` as a tagged value, boxing each
    // non-integer result in a fresh heap number (16 bytes per entry, conversions at each use).
    let units = 0;
    switch (this.sizing.kind) {
      case 'equity-fraction':
        units = (buyingPower * this.sizing.fraction) / (unitCost + this.fixedPerFraction);
        break;
      case 'fixed-quantity':
        units = this.sizing.quantity;
        break;
      case 'fixed-cash':
        units = this.sizing.amount / unitCost;
        break;
      case 'risk':
        units = stopDistance > 0 ? (equity * this.sizing.riskPct) / 100 / stopDistance : 0;
        break;
    }
    // No position larger than buying power (leverage raises buying power).
    const affordable = (buyingPower - this.commissionFixed) / unitCost;
    if (units > affordable) units = affordable;
    if (!this.fractional) units = Math.floor(units);
    return side !== 0 && units > 0 && Number.isFinite(units) ? units : 0;
  }

  /**
   * Every fill goes through here: close the position held, if any, at `price` for `reason`
   * (index into EXIT_REASONS), then open `side` (+1/−1; 0: none) at the same raw price, with its
   * stop-loss, take-profit and trailing stop at the given distances in price units from its fill
   * price (NaN: none). `slip`: market and stop orders slip; a limit order or a take-profit fills
   * at its price. Records the account once for the bar. Returns false when an open was asked for
   * and sizing gave 0 units (the order is dropped).
   *
   * Close, open and the account state written out in one method because a reversal (close, then
   * open at the same price) is the common fill. V8 compiles a function this size on its own (it is
   * over the 460 bytes of bytecode up to which V8 inlines a callee), with its helpers inlined into
   * it, whichever caller gets hot first. As close() and open() calls, what V8 inlined where
   * depended on that order and on its inlining budget, and a fill was two or three calls: the bar
   * loop measured 6.4–6.9 ms against 5.9–6.1 for 39,000 trades (bench/README.md, ninth round).
   */
  fill(
    bar: number,
    price: number,
    slip: boolean,
    reason: number,
    side: number,
    stopDistance: number,
    takeDistance: number,
    trailDistance: number,
  ): boolean {
    const held = this.position;
    if (held !== 0) {
      const exitSide = held > 0 ? 1 : -1;
      const units = held * exitSide;
      // `price * 1`: the parameter arrives tagged, and the two arms met as a tagged value, so
      // the slipped price was boxed (16 bytes per close). A number on both arms stays a double.
      const exit = slip ? this.slipped(price, -exitSide) : price * 1;
      const commission = this.commission(units, exit);
      this.cash += held * (exit - this.entryPrice) - commission;
      this.commissionsPaid += commission;
      this.logTrade(bar, exitSide, units, exit, this.entryCommission + commission, reason);
      this.exposed += bar - Math.max(this.openedBar, this.coveredTo + 1) + 1;
      this.coveredTo = bar;
      this.position = 0;
    }
    let opened = false;
    if (side !== 0) {
      const entry = this.previewFill(side, price, slip);
      const units = this.units(side, price, entry, stopDistance);
      if (units !== 0) {
        const commission = this.commission(units, entry);
        this.cash -= commission;
        this.commissionsPaid += commission;
        this.position = side * units;
        this.entryPrice = entry;
        this.openedBar = bar;
        this.entryTime = this.bars.time[bar];
        this.entryCommission = commission;
        this.stopPrice = entry - side * stopDistance;
        this.takePrice = entry + side * takeDistance;
        this.extreme = entry;
        this.trailLevel = entry - side * trailDistance;
        opened = true;
      }
    }
    if (held === 0 && !opened) return false;
    // The account state of the bar: appended, or replaced for a second fill in the same bar.
    let rows = this.stateRows;
    if (rows === 0 || this.states[(rows - 1) * STATE_FIELDS] !== bar) this.stateRows = ++rows;
    const row = (rows - 1) * STATE_FIELDS;
    if (row === this.states.length) this.states = doubled(this.states);
    const states = this.states;
    states[row] = bar;
    states[row + 1] = this.cash;
    states[row + 2] = this.position;
    states[row + 3] = this.entryPrice;
    return opened;
  }

  /** Close the whole position at `price` (already a fill price unless `slip`). */
  close(bar: number, price: number, reason: number, slip: boolean): void {
    this.fill(bar, price, slip, reason, 0, NaN, NaN, NaN);
  }

  /** Equity at `bar` is the cash alone (the engine closed the position at that close: ruin, end). */
  settle(bar: number): void {
    this.settled.push(bar, this.cash);
  }

  /** The account's path so far: equity at every bar without a per-bar series (see EquityPath). */
  get path(): EquityPath {
    return { close: this.bars.close, initialCash: this.initialCash, states: this.states, rows: this.stateRows, settled: this.settled };
  }

  /**
   * Append the trade closed at `bar` to the log (a helper of fill, which V8 inlines there).
   */
  private logTrade(bar: number, side: number, units: number, fill: number, fees: number, reason: number): void {
    if ((this.logged + 1) * LOG_FIELDS > this.log.length) this.log = doubled(this.log);
    const log = this.log;
    const row = this.logged++ * LOG_FIELDS;
    const entry = this.entryPrice;
    log[row] = side;
    log[row + 1] = units;
    log[row + 2] = this.openedBar;
    log[row + 3] = entry;
    log[row + 4] = bar;
    log[row + 5] = fill;
    log[row + 6] = fees;
    log[row + 7] = reason;
    log[row + 8] = netPnl(side, units, entry, fill, fees);
    log[row + 9] = netReturnPct(side, units, entry, fill, fees);
    log[row + 10] = this.bars.time[bar] - this.entryTime;
  }

  /** Bars with a position open out of the first n, a position still open counting to the end. */
  exposedBars(n: number): number {
    return this.exposed + (this.position !== 0 ? n - Math.max(this.openedBar, this.coveredTo + 1) : 0);
  }

  /**
   * Stop-loss, trailing stop and take-profit against bar i's range. A stop fills at its price, or
   * at the open when the bar gaps through it; so does the take-profit (a limit: the gap gives the
   * better open). When a stop and the take-profit are both inside the range, the stop is assumed
   * to have been hit first: the bar's path is unknown and the pessimistic order is the safe one.
   */
  checkExits(i: number): void {
    const long = this.position > 0;
    const open = this.bars.open[i];
    // The tighter of the fixed stop and the trailing stop is the one that triggers.
    let stop = this.stopPrice;
    let reason = STOP_LOSS_EXIT;
    const trail = this.trailLevel;
    if (trail === trail && (stop !== stop || (long ? trail > stop : trail < stop))) {
      stop = trail;
      reason = TRAILING_STOP_EXIT;
    }
    const take = this.takePrice;
    if (long) {
      if (open <= stop) return this.close(i, open, reason, true);
      if (open >= take) return this.close(i, open, TAKE_PROFIT_EXIT, false);
      if (this.bars.low[i] <= stop) return this.close(i, stop, reason, true);
      if (this.bars.high[i] >= take) return this.close(i, take, TAKE_PROFIT_EXIT, false);
    } else {
      if (open >= stop) return this.close(i, open, reason, true);
      if (open <= take) return this.close(i, open, TAKE_PROFIT_EXIT, false);
      if (this.bars.high[i] >= stop) return this.close(i, stop, reason, true);
      if (this.bars.low[i] <= take) return this.close(i, take, TAKE_PROFIT_EXIT, false);
    }
  }

  /**
   * After bar i's exits: follow the best price seen with the trailing stop (it only ever
   * tightens). `atrDistance` is used when trailing by ATR; NaN during the ATR warm-up is skipped.
   */
  trail(i: number, atrDistance: number): void {
    if (this.position > 0) {
      if (this.bars.high[i] > this.extreme) this.extreme = this.bars.high[i];
    } else if (this.bars.low[i] < this.extreme) this.extreme = this.bars.low[i];
    const side = this.position > 0 ? 1 : -1;
    const distance = this.trailPercent > 0 ? (this.extreme * this.trailPercent) / 100 : atrDistance;
    if (distance !== distance) return;
    const level = this.extreme - side * distance;
    if (this.trailLevel !== this.trailLevel || side * (level - this.trailLevel) > 0) this.trailLevel = level;
  }

  // TradeTable: the closed trades read in place (statistics need no Trade objects).
  get count(): number {
    return this.logged;
  }
  isLong(k: number): boolean {
    return this.log[k * LOG_FIELDS] > 0;
  }
  pnl(k: number): number {
    return this.log[k * LOG_FIELDS + 8];
  }
  returnPct(k: number): number {
    return this.log[k * LOG_FIELDS + 9];
  }
  entryBar(k: number): number {
    return this.log[k * LOG_FIELDS + 2];
  }
  exitBar(k: number): number {
    return this.log[k * LOG_FIELDS + 4];
  }
  durationMs(k: number): number {
    return this.log[k * LOG_FIELDS + 10];
  }

  /** The closed trades as records (built on demand: a run's result reads them lazily). */
  trades(): Trade[] {
    const log = this.log;
    const time = this.bars.time;
    const out: Trade[] = new Array(this.logged);
    for (let k = 0; k < this.logged; k++) {
      const row = k * LOG_FIELDS;
      const s = log[row];
      const units = log[row + 1];
      const entryBar = log[row + 2];
      const entry = log[row + 3];
      const exitBar = log[row + 4];
      const exit = log[row + 5];
      const fees = log[row + 6];
      out[k] = new TradeRecord(
        s > 0 ? 'long' : 'short',
        units,
        entryBar,
        time[entryBar],
        entry,
        exitBar,
        time[exitBar],
        exit,
        log[row + 8],
        log[row + 9],
        fees,
        EXIT_REASONS[log[row + 7]],
      );
    }
    return out;
  }
}
