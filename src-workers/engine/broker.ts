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
 * The broker of one run: orders, fills, costs, sizing, the lots held, cash. One net position, as
 * backtesting.py's `hedging=False`: an order against the position first reduces it, oldest lot
 * first, and only what is left opens the other side. Cash is what a broker statement calls the
 * balance: initial cash plus each closed lot's gross P&L, less every commission when it is paid;
 * equity = cash + Σ lot size × (price − lot entry price) (docs/engine.md, "Cash and equity").
 *
 * A record (openBroker) and this module's functions over it, rather than a class with methods:
 * docs/engine.md, "Performance", says why.
 */
export interface Broker {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly time: Float64Array;
  readonly commissionFraction: number;
  readonly commissionFixed: number;
  readonly slippageFraction: number;
  readonly slippageAbsolute: number;
  readonly spread: number;
  readonly leverage: number;
  readonly fractional: boolean;
  readonly allowLong: boolean;
  readonly allowShort: boolean;
  /** Told of every order as it is placed (the look-ahead check records them). */
  readonly onOrder: ((order: Order) => void) | undefined;
  cash: number;
  commissionsPaid: number;
  /** The lots held, oldest first. */
  readonly lots: Lot[];
  /** How many of them have an exit to check against each bar's range. */
  watched: number;
  readonly trades: TradeLog;
  /** The last bar on which a lot was opened or closed (exposure counts it). */
  lastFillBar: number;
  /** Orders placed and not yet filled or lapsed, in the order they were placed. */
  readonly orders: Order[];
}

export function openBroker(bars: Bars, config: BacktestConfig, onOrder?: (order: Order) => void): Broker {
  const { slippage } = config;
  return {
    open: bars.open,
    high: bars.high,
    low: bars.low,
    close: bars.close,
    time: bars.time,
    commissionFraction: config.commission.fraction,
    commissionFixed: config.commission.fixed,
    slippageFraction: slippage.kind === 'fraction' ? slippage.fraction : 0,
    slippageAbsolute: slippage.kind === 'ticks' ? slippage.ticks * slippage.tickSize : 0,
    spread: config.spread,
    leverage: config.leverage,
    fractional: config.fractionalUnits,
    allowLong: config.direction !== 'short-only',
    allowShort: config.direction !== 'long-only',
    onOrder,
    cash: config.cash,
    commissionsPaid: 0,
    lots: [],
    watched: 0,
    trades: new TradeLog(),
    lastFillBar: -1,
    orders: [],
  };
}

/** Signed units held: > 0 long, < 0 short, 0 flat. */
export function positionOf(broker: Broker): number {
  const lots = broker.lots;
  let units = 0;
  for (let k = 0; k < lots.length; k++) units += lots[k].size;
  return units;
}

/** Cash plus the lots marked at `price`. */
export function equityAt(broker: Broker, price: number): number {
  const lots = broker.lots;
  let open = 0;
  for (let k = 0; k < lots.length; k++) open += lots[k].size * (price - lots[k].entryPrice);
  return broker.cash + open;
}

/** Equity at bar i's close into `equity[i]`; true when it is 0 or less (ruin). */
export function markToMarket(broker: Broker, i: number, equity: Float64Array): boolean {
  equity[i] = equityAt(broker, broker.close[i]);
  return equity[i] <= 0;
}

export function submit(broker: Broker, order: Order): void {
  broker.onOrder?.(order);
  broker.orders.push(order);
}

/**
 * Bar i opens: the orders placed before it fill, in the order they were placed. Market orders
 * and closes fill at the open; a limit or stop order fills at the open when the bar gaps through
 * its price, at its price when the bar's range reaches it, and otherwise lapses.
 */
export function fillOrders(broker: Broker, i: number): void {
  const orders = broker.orders;
  if (orders.length === 0) return;
  const open = broker.open[i];
  for (let k = 0; k < orders.length; k++) {
    const order = orders[k];
    if (order.kind === 'close') closeFraction(broker, order.fraction, i, open, 'signal', true);
    else if (isMarket(order)) enter(broker, order, i, open, true, false);
    else enterPriced(broker, order, i);
  }
  orders.length = 0;
}

/** With tradeOnClose: the market orders just placed fill at bar i's close; limit and stop orders wait for the next bar. */
export function fillMarketOrdersAtClose(broker: Broker, i: number): void {
  const orders = broker.orders;
  if (orders.length === 0) return;
  const close = broker.close[i];
  let waiting = 0;
  for (let k = 0; k < orders.length; k++) {
    const order = orders[k];
    if (order.kind === 'close') closeFraction(broker, order.fraction, i, close, 'signal', true);
    else if (isMarket(order)) enter(broker, order, i, close, true, false);
    else orders[waiting++] = order;
  }
  orders.length = waiting;
}

/**
 * Each lot's stop-loss, trailing stop and take-profit against bar i's range, then its trailing
 * stop follows the bar's high (long) or low (short). A stop fills at its price, or at the open
 * when the bar gaps through it; so does a take-profit (a limit: the gap gives the better open).
 * When a stop and the take-profit are both inside the range the stop is assumed first: the path
 * of prices inside a bar is unknown, and the pessimistic order is the safe one.
 */
export function checkExits(broker: Broker, i: number): void {
  if (broker.watched === 0) return;
  const lots = broker.lots;
  let exited = false;
  for (let k = 0; k < lots.length; k++) {
    const lot = lots[k];
    if (!lot.watched || lot.exitsFrom > i) continue;
    if (exitOnRange(broker, lot, i)) exited = true;
    else trail(broker, lot, i);
  }
  if (exited) dropClosedLots(broker);
}

/** Closes every lot at `price` (ruin, the end of the data). */
export function closeAll(broker: Broker, bar: number, price: number, reason: ExitReason, slip: boolean): void {
  closeFraction(broker, 1, bar, price, reason, slip);
}

/** Closes `fraction` of each lot (whole units unless fractional, at least one) at `price`. */
function closeFraction(broker: Broker, fraction: number, bar: number, price: number, reason: ExitReason, slip: boolean): void {
  const lots = broker.lots;
  for (let k = 0; k < lots.length; k++) {
    const lot = lots[k];
    const held = Math.abs(lot.size);
    let units = held;
    if (fraction < 1) {
      units = held * fraction;
      if (!broker.fractional) units = Math.max(1, Math.round(units));
      if (units > held) units = held;
    }
    book(broker, lot, units, bar, price, reason, slip);
  }
  dropClosedLots(broker);
}

/** Lots closed whole (size 0) leave the list. */
function dropClosedLots(broker: Broker): void {
  const lots = broker.lots;
  let kept = 0;
  let watched = 0;
  for (let k = 0; k < lots.length; k++) {
    const lot = lots[k];
    if (lot.size === 0) continue;
    lots[kept++] = lot;
    if (lot.watched) watched++;
  }
  lots.length = kept;
  broker.watched = watched;
}

/** Exits `lot` at bar i if its stop or target is reached; true when it did. */
function exitOnRange(broker: Broker, lot: Lot, i: number): boolean {
  const long = lot.size > 0;
  const open = broker.open[i];
  // The tighter of the fixed stop and the trailing stop is the one that triggers.
  let stop = lot.stopPrice;
  let reason: ExitReason = 'stop-loss';
  const trailing = lot.trailLevel;
  if (trailing === trailing && (stop !== stop || (long ? trailing > stop : trailing < stop))) {
    stop = trailing;
    reason = 'trailing-stop';
  }
  const take = lot.takePrice;
  const held = Math.abs(lot.size);
  if (long) {
    if (open <= stop) return book(broker, lot, held, i, open, reason, true);
    if (open >= take) return book(broker, lot, held, i, open, 'take-profit', false);
    if (broker.low[i] <= stop) return book(broker, lot, held, i, stop, reason, true);
    if (broker.high[i] >= take) return book(broker, lot, held, i, take, 'take-profit', false);
  } else {
    if (open >= stop) return book(broker, lot, held, i, open, reason, true);
    if (open <= take) return book(broker, lot, held, i, open, 'take-profit', false);
    if (broker.high[i] >= stop) return book(broker, lot, held, i, stop, reason, true);
    if (broker.low[i] <= take) return book(broker, lot, held, i, take, 'take-profit', false);
  }
  return false;
}

/** After bar i's exits: a trailing stop follows the best price seen and only ever tightens (an ATR still warming up moves nothing). */
function trail(broker: Broker, lot: Lot, i: number): void {
  if (lot.trailing === null) return;
  const side = lot.size > 0 ? 1 : -1;
  if (side > 0) {
    if (broker.high[i] > lot.extreme) lot.extreme = broker.high[i];
  } else if (broker.low[i] < lot.extreme) lot.extreme = broker.low[i];
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
function book(broker: Broker, lot: Lot, units: number, bar: number, price: number, reason: ExitReason, slip: boolean): true {
  const side = lot.size > 0 ? 1 : -1;
  const whole = units === side * lot.size;
  const exit = slip ? slipped(broker, price, -side) : price;
  const commission = commissionOf(broker, units, exit);
  const entryShare = whole ? lot.entryCommission : (lot.entryCommission * units) / (side * lot.size);
  const closed = whole ? lot.size : side * units;
  broker.cash += closed * (exit - lot.entryPrice) - commission;
  broker.commissionsPaid += commission;
  const fees = entryShare + commission;
  broker.trades.add(
    side,
    units,
    lot.entryBar,
    lot.entryTime,
    lot.entryPrice,
    bar,
    broker.time[bar],
    exit,
    netPnl(side, units, lot.entryPrice, exit, fees),
    netReturnPct(side, units, lot.entryPrice, exit, fees),
    fees,
    reason,
    lot.tag,
  );
  lot.size -= closed;
  lot.entryCommission -= entryShare;
  broker.lastFillBar = bar;
  return true;
}

/** A limit or stop entry on bar i: at the open when the bar gaps through its price, at the price when the range reaches it, else it lapses. */
function enterPriced(broker: Broker, order: EntryOrder, i: number): void {
  const isLimit = order.limit === order.limit;
  const price = isLimit ? order.limit : order.stop;
  // Signed so that "beyond" means past the price in the order's triggering direction.
  const direction = isLimit ? -order.side : order.side;
  const open = broker.open[i];
  if ((open - price) * direction >= 0) {
    enter(broker, order, i, open, !isLimit, false);
    return;
  }
  const extreme = direction > 0 ? broker.high[i] : broker.low[i];
  if ((extreme - price) * direction < 0) return;
  enter(broker, order, i, price, !isLimit, true);
}

/**
 * Fills an entry order at `price` on `bar` (`slip`: market and stop orders slip; a limit never
 * fills worse than its price). Units come from its sizing; against the position they reduce it
 * first, oldest lot first, and what is left opens a lot if the run's direction allows it.
 * `inside`: filled inside the bar, so the lot meets its exits from the next bar on (whether the
 * range that touched them came before or after the fill is unknown).
 */
function enter(broker: Broker, order: EntryOrder, bar: number, price: number, slip: boolean, inside: boolean): void {
  const side = order.side;
  const entry = entryFill(broker, side, price, slip);
  const stop = stopLossDistance(order.stopLosses, side, entry, order.bar);
  let units = requestedUnits(broker, order.sizing, price, entry, stop);
  if (!(units > 0)) return;
  const lots = broker.lots;
  if (lots.length > 0 && Math.sign(lots[0].size) !== side) {
    if (!broker.fractional) units = Math.floor(units);
    for (let k = 0; k < lots.length && units !== 0; k++) {
      const lot = lots[k];
      const closed = Math.min(units, Math.abs(lot.size));
      book(broker, lot, closed, bar, price, 'signal', slip);
      units -= closed;
    }
    dropClosedLots(broker);
  }
  if (!(side > 0 ? broker.allowLong : broker.allowShort)) return;
  units = affordableUnits(broker, units, price, entry);
  if (units === 0) return;
  const commission = commissionOf(broker, units, entry);
  broker.cash -= commission;
  broker.commissionsPaid += commission;
  const stopPrice = stopLossPrice(order.stopLosses, side, entry, order.bar);
  const takePrice = takeProfitPrice(order.takeProfit, side, entry, order.bar);
  const watched = stopPrice === stopPrice || takePrice === takePrice || order.trailing !== null;
  if (watched) broker.watched++;
  lots.push({
    size: side * units,
    entryPrice: entry,
    entryBar: bar,
    entryTime: broker.time[bar],
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
  broker.lastFillBar = bar;
}

/** The entry fill for `side` at `price`: spread, then slippage (when `slip`), both against the trader. */
function entryFill(broker: Broker, side: Side, price: number, slip: boolean): number {
  const quoted = price * (1 + side * broker.spread);
  return slip ? slipped(broker, quoted, side) : quoted;
}

/** Price after slippage, always against the trader (`direction` +1 buys, −1 sells). */
function slipped(broker: Broker, price: number, direction: number): number {
  return price * (1 + direction * broker.slippageFraction) + direction * broker.slippageAbsolute;
}

function commissionOf(broker: Broker, units: number, price: number): number {
  return broker.commissionFixed + broker.commissionFraction * units * price;
}

/** Buying power at `price`: equity × leverage, less the value of the lots held. */
function buyingPower(broker: Broker, price: number): number {
  const lots = broker.lots;
  let used = 0;
  for (let k = 0; k < lots.length; k++) used += Math.abs(lots[k].size) * price;
  return equityAt(broker, price) * broker.leverage - used;
}

/**
 * Units an order asks for at `price` (before costs; `fill` after them), following backtesting.py:
 * a fraction f of buying power buys equity × leverage × f / (fill + commission per unit + fixed
 * commission / f); risk sizing needs `stop` (price units). 0 when equity is gone.
 */
function requestedUnits(broker: Broker, sizing: Sizing, price: number, fill: number, stop: number): number {
  const equity = equityAt(broker, price);
  if (equity <= 0) return 0;
  const unitCost = fill + broker.commissionFraction * price;
  switch (sizing.kind) {
    case 'equity-fraction':
      return (buyingPower(broker, price) * sizing.fraction) / (unitCost + broker.commissionFixed / sizing.fraction);
    case 'fixed-quantity':
      return sizing.quantity;
    case 'fixed-cash':
      return sizing.amount / unitCost;
    case 'risk':
      return stop > 0 ? (equity * sizing.riskPct) / 100 / stop : 0;
  }
}

/** `units` capped at what buying power pays for (fixed commission included), whole unless fractional; 0 when none fits. */
function affordableUnits(broker: Broker, units: number, price: number, fill: number): number {
  const affordable = (buyingPower(broker, price) - broker.commissionFixed) / (fill + broker.commissionFraction * price);
  let capped = units > affordable ? affordable : units;
  if (!broker.fractional) capped = Math.floor(capped);
  return capped > 0 && Number.isFinite(capped) ? capped : 0;
}
