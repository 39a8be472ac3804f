import type { Bars } from '../../src-shared/bars/bars';
import type { BacktestConfig, ExitReason, Sizing } from '../../src-shared/backtest';
import { isMarket, stopLossDistance, stopLossPrice, takeProfitPrice, trailDistance, type EntryOrder, type Order, type Side, type Trail } from './orders';
import { TradeLog } from './trade-log';
import { netPnl, netReturnPct } from './trade-math';

/** Units bought or sold by one entry and still held: backtesting.py's open Trade. */
export interface Lot {
  /** Signed units: > 0 long, < 0 short. */
  size: number;
  readonly entryPrice: number;
  readonly entryBar: number;
  readonly entryTime: number;
  /** The entry commission not yet booked to a closed trade (a partial close books its share). */
  entryCommission: number;
  /** Stop-loss and take-profit prices (NaN: none). */
  readonly stopPrice: number;
  readonly takePrice: number;
  readonly trailing: Trail | null;
  /** The best price since entry, which a trailing stop follows, and the stop's level (NaN: none). */
  extreme: number;
  trailLevel: number;
  /** Whether the lot has any exit to check against each bar's range. */
  readonly watched: boolean;
  /** Exits are checked from this bar on: the bar after the fill for an entry filled inside a bar. */
  readonly exitsFrom: number;
  readonly tag: string | undefined;
}

/**
 * The broker: orders, fills, costs, sizing, the lots held, cash. One net position, as
 * backtesting.py's `hedging=False`: an order against the position first reduces it, oldest lot
 * first, and only what is left opens the other side. Cash is what a broker statement calls the
 * balance: initial cash plus each closed lot's gross P&L, less every commission when it is paid;
 * equity = cash + Σ lot size × (price − lot entry price) (docs/engine.md, "Cash and equity").
 */
export class Broker {
  cash: number;
  commissionsPaid = 0;
  /** The lots held, oldest first. */
  lots: Lot[] = [];
  /** How many of them have an exit to check against each bar's range. */
  private watched = 0;
  readonly trades = new TradeLog();
  /** The last bar on which a lot was opened or closed (exposure counts it). */
  lastFillBar = -1;
  /** Orders placed and not yet filled or lapsed, in the order they were placed. */
  private orders: Order[] = [];

  private readonly commissionFraction: number;
  private readonly commissionFixed: number;
  private readonly slippageFraction: number;
  private readonly slippageAbsolute: number;
  private readonly spread: number;
  private readonly leverage: number;
  private readonly fractional: boolean;
  private readonly allowLong: boolean;
  private readonly allowShort: boolean;

  constructor(
    private readonly bars: Bars,
    config: BacktestConfig,
    /** Told of every order as it is placed (the look-ahead check records them). */
    private readonly onOrder?: (order: Order) => void,
  ) {
    this.cash = config.cash;
    this.commissionFraction = config.commission.fraction;
    this.commissionFixed = config.commission.fixed;
    this.slippageFraction = config.slippage.kind === 'fraction' ? config.slippage.fraction : 0;
    this.slippageAbsolute = config.slippage.kind === 'ticks' ? config.slippage.ticks * config.slippage.tickSize : 0;
    this.spread = config.spread;
    this.leverage = config.leverage;
    this.fractional = config.fractionalUnits;
    this.allowLong = config.direction !== 'short-only';
    this.allowShort = config.direction !== 'long-only';
  }

  /** Signed units held: > 0 long, < 0 short, 0 flat. */
  get position(): number {
    let units = 0;
    for (const lot of this.lots) units += lot.size;
    return units;
  }

  /** Cash plus the lots marked at `price`. */
  equityAt(price: number): number {
    let open = 0;
    for (const lot of this.lots) open += lot.size * (price - lot.entryPrice);
    return this.cash + open;
  }

  /**
   * Equity at bar i's close into `equity[i]`; true when it is 0 or less (ruin). Written into the
   * series rather than returned: a number returned from a call is boxed on the heap, once a bar.
   */
  markToMarket(i: number, equity: Float64Array): boolean {
    const close = this.bars.close[i];
    let open = 0;
    for (let k = 0; k < this.lots.length; k++) open += this.lots[k].size * (close - this.lots[k].entryPrice);
    equity[i] = this.cash + open;
    return equity[i] <= 0;
  }

  submit(order: Order): void {
    this.onOrder?.(order);
    this.orders.push(order);
  }

  /**
   * Bar i opens: the orders placed before it fill, in the order they were placed. Market orders
   * and closes fill at the open; a limit or stop order fills at the open when the bar gaps through
   * its price, at its price when the bar's range reaches it, and otherwise lapses.
   */
  fillOrders(i: number): void {
    if (this.orders.length === 0) return;
    const open = this.bars.open[i];
    const orders = this.orders;
    this.orders = [];
    for (const order of orders) {
      if (order.kind === 'close') this.closeFraction(order.fraction, i, open, 'signal', true);
      else if (isMarket(order)) this.enter(order, i, open, true, false);
      else this.enterPriced(order, i);
    }
  }

  /** With tradeOnClose: the market orders just placed fill at bar i's close; limit and stop orders wait for the next bar. */
  fillMarketOrdersAtClose(i: number): void {
    if (this.orders.length === 0) return;
    const close = this.bars.close[i];
    const orders = this.orders;
    this.orders = [];
    for (const order of orders) {
      if (order.kind === 'close') this.closeFraction(order.fraction, i, close, 'signal', true);
      else if (isMarket(order)) this.enter(order, i, close, true, false);
      else this.orders.push(order);
    }
  }

  /**
   * Each lot's stop-loss, trailing stop and take-profit against bar i's range, then its trailing
   * stop follows the bar's high (long) or low (short). A stop fills at its price, or at the open
   * when the bar gaps through it; so does a take-profit (a limit: the gap gives the better open).
   * When a stop and the take-profit are both inside the range the stop is assumed first: the path
   * of prices inside a bar is unknown, and the pessimistic order is the safe one.
   */
  checkExits(i: number): void {
    if (this.watched === 0) return;
    let exited = false;
    for (const lot of this.lots) {
      if (!lot.watched || lot.exitsFrom > i) continue;
      if (this.exitOnRange(lot, i)) exited = true;
      else this.trail(lot, i);
    }
    if (exited) this.dropClosedLots();
  }

  /** Closes every lot at `price` (ruin, the end of the data). */
  closeAll(bar: number, price: number, reason: ExitReason, slip: boolean): void {
    this.closeFraction(1, bar, price, reason, slip);
  }

  /** Closes `fraction` of each lot (whole units unless fractional, at least one) at `price`. */
  private closeFraction(fraction: number, bar: number, price: number, reason: ExitReason, slip: boolean): void {
    for (const lot of this.lots) {
      const held = Math.abs(lot.size);
      let units = held;
      if (fraction < 1) {
        units = held * fraction;
        if (!this.fractional) units = Math.max(1, Math.round(units));
        if (units > held) units = held;
      }
      this.book(lot, units, bar, price, reason, slip);
    }
    this.dropClosedLots();
  }

  /** Lots closed whole (size 0) leave the list. */
  private dropClosedLots(): void {
    this.lots = this.lots.filter((lot) => lot.size !== 0);
    this.watched = 0;
    for (const lot of this.lots) if (lot.watched) this.watched++;
  }

  /** Exits `lot` at bar i if its stop or target is reached; true when it did. */
  private exitOnRange(lot: Lot, i: number): boolean {
    const long = lot.size > 0;
    const open = this.bars.open[i];
    // The tighter of the fixed stop and the trailing stop is the one that triggers.
    let stop = lot.stopPrice;
    let reason: ExitReason = 'stop-loss';
    const trail = lot.trailLevel;
    if (trail === trail && (stop !== stop || (long ? trail > stop : trail < stop))) {
      stop = trail;
      reason = 'trailing-stop';
    }
    const take = lot.takePrice;
    const held = Math.abs(lot.size);
    if (long) {
      if (open <= stop) return this.book(lot, held, i, open, reason, true);
      if (open >= take) return this.book(lot, held, i, open, 'take-profit', false);
      if (this.bars.low[i] <= stop) return this.book(lot, held, i, stop, reason, true);
      if (this.bars.high[i] >= take) return this.book(lot, held, i, take, 'take-profit', false);
    } else {
      if (open >= stop) return this.book(lot, held, i, open, reason, true);
      if (open <= take) return this.book(lot, held, i, open, 'take-profit', false);
      if (this.bars.high[i] >= stop) return this.book(lot, held, i, stop, reason, true);
      if (this.bars.low[i] <= take) return this.book(lot, held, i, take, 'take-profit', false);
    }
    return false;
  }

  /** After bar i's exits: a trailing stop follows the best price seen and only ever tightens (an ATR still warming up moves nothing). */
  private trail(lot: Lot, i: number): void {
    if (lot.trailing === null) return;
    const side = lot.size > 0 ? 1 : -1;
    if (side > 0) {
      if (this.bars.high[i] > lot.extreme) lot.extreme = this.bars.high[i];
    } else if (this.bars.low[i] < lot.extreme) lot.extreme = this.bars.low[i];
    const distance = trailDistance(lot.trailing, lot.extreme, i);
    if (distance !== distance) return;
    const level = lot.extreme - side * distance;
    if (lot.trailLevel !== lot.trailLevel || side * (level - lot.trailLevel) > 0) lot.trailLevel = level;
  }

  /**
   * Closes `units` of `lot` at `price` (a fill price already, unless `slip`): books the trade, with
   * the lot's entry commission in proportion, and updates cash. A lot closed whole is left with
   * size 0 for the caller to drop. Returns true (for exitOnRange's returns).
   */
  private book(lot: Lot, units: number, bar: number, price: number, reason: ExitReason, slip: boolean): true {
    const side = lot.size > 0 ? 1 : -1;
    const whole = units === side * lot.size;
    const exit = slip ? this.slipped(price, -side) : price;
    const commission = this.commission(units, exit);
    const entryShare = whole ? lot.entryCommission : (lot.entryCommission * units) / (side * lot.size);
    const closed = whole ? lot.size : side * units;
    this.cash += closed * (exit - lot.entryPrice) - commission;
    this.commissionsPaid += commission;
    const fees = entryShare + commission;
    this.trades.add(
      side,
      units,
      lot.entryBar,
      lot.entryTime,
      lot.entryPrice,
      bar,
      this.bars.time[bar],
      exit,
      netPnl(side, units, lot.entryPrice, exit, fees),
      netReturnPct(side, units, lot.entryPrice, exit, fees),
      fees,
      reason,
      lot.tag,
    );
    lot.size -= closed;
    lot.entryCommission -= entryShare;
    this.lastFillBar = bar;
    return true;
  }

  /** A limit or stop entry on bar i: at the open when the bar gaps through its price, at the price when the range reaches it, else it lapses. */
  private enterPriced(order: EntryOrder, i: number): void {
    const isLimit = order.limit === order.limit;
    const price = isLimit ? order.limit : order.stop;
    // Signed so that "beyond" means past the price in the order's triggering direction.
    const direction = isLimit ? -order.side : order.side;
    const open = this.bars.open[i];
    if ((open - price) * direction >= 0) {
      this.enter(order, i, open, !isLimit, false);
      return;
    }
    const extreme = direction > 0 ? this.bars.high[i] : this.bars.low[i];
    if ((extreme - price) * direction < 0) return;
    this.enter(order, i, price, !isLimit, true);
  }

  /**
   * Fills an entry order at `price` on `bar` (`slip`: market and stop orders slip; a limit never
   * fills worse than its price). Units come from its sizing; against the position they reduce it
   * first, oldest lot first, and what is left opens a lot if the run's direction allows it.
   * `inside`: filled inside the bar, so the lot meets its exits from the next bar on (whether the
   * range that touched them came before or after the fill is unknown).
   */
  private enter(order: EntryOrder, bar: number, price: number, slip: boolean, inside: boolean): void {
    const side = order.side;
    const entry = this.entryFill(side, price, slip);
    const stop = stopLossDistance(order.stopLosses, side, entry, order.bar);
    let units = this.requestedUnits(order.sizing, price, entry, stop);
    if (!(units > 0)) return;
    if (this.lots.length > 0 && Math.sign(this.lots[0].size) !== side) {
      if (!this.fractional) units = Math.floor(units);
      for (const lot of this.lots) {
        if (units === 0) break;
        const closed = Math.min(units, Math.abs(lot.size));
        this.book(lot, closed, bar, price, 'signal', slip);
        units -= closed;
      }
      this.dropClosedLots();
    }
    if (!(side > 0 ? this.allowLong : this.allowShort)) return;
    units = this.affordableUnits(units, price, entry);
    if (units === 0) return;
    const commission = this.commission(units, entry);
    this.cash -= commission;
    this.commissionsPaid += commission;
    const stopPrice = stopLossPrice(order.stopLosses, side, entry, order.bar);
    const takePrice = takeProfitPrice(order.takeProfit, side, entry, order.bar);
    const watched = stopPrice === stopPrice || takePrice === takePrice || order.trailing !== null;
    if (watched) this.watched++;
    this.lots.push({
      size: side * units,
      entryPrice: entry,
      entryBar: bar,
      entryTime: this.bars.time[bar],
      entryCommission: commission,
      stopPrice,
      takePrice,
      trailing: order.trailing,
      extreme: entry,
      trailLevel: entry - side * trailDistance(order.trailing, entry, order.bar),
      watched,
      exitsFrom: inside ? bar + 1 : bar,
      tag: order.tag,
    });
    this.lastFillBar = bar;
  }

  /** The entry fill for `side` at `price`: spread, then slippage (when `slip`), both against the trader. */
  private entryFill(side: Side, price: number, slip: boolean): number {
    const quoted = price * (1 + side * this.spread);
    return slip ? this.slipped(quoted, side) : quoted;
  }

  /** Price after slippage, always against the trader (`direction` +1 buys, −1 sells). */
  private slipped(price: number, direction: number): number {
    return price * (1 + direction * this.slippageFraction) + direction * this.slippageAbsolute;
  }

  private commission(units: number, price: number): number {
    return this.commissionFixed + this.commissionFraction * units * price;
  }

  /** Buying power at `price`: equity × leverage, less the value of the lots held. */
  private buyingPower(price: number): number {
    let used = 0;
    for (const lot of this.lots) used += Math.abs(lot.size) * price;
    return this.equityAt(price) * this.leverage - used;
  }

  /**
   * Units an order asks for at `price` (before costs; `fill` after them), following backtesting.py:
   * a fraction f of buying power buys equity × leverage × f / (fill + commission per unit + fixed
   * commission / f); risk sizing needs `stop` (price units). 0 when equity is gone.
   */
  private requestedUnits(sizing: Sizing, price: number, fill: number, stop: number): number {
    const equity = this.equityAt(price);
    if (equity <= 0) return 0;
    const unitCost = fill + this.commissionFraction * price;
    switch (sizing.kind) {
      case 'equity-fraction':
        return (this.buyingPower(price) * sizing.fraction) / (unitCost + this.commissionFixed / sizing.fraction);
      case 'fixed-quantity':
        return sizing.quantity;
      case 'fixed-cash':
        return sizing.amount / unitCost;
      case 'risk':
        return stop > 0 ? (equity * sizing.riskPct) / 100 / stop : 0;
    }
  }

  /** `units` capped at what buying power pays for (fixed commission included), whole unless fractional; 0 when none fits. */
  private affordableUnits(units: number, price: number, fill: number): number {
    const affordable = (this.buyingPower(price) - this.commissionFixed) / (fill + this.commissionFraction * price);
    let capped = units > affordable ? affordable : units;
    if (!this.fractional) capped = Math.floor(capped);
    return capped > 0 && Number.isFinite(capped) ? capped : 0;
  }
}
