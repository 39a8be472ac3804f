import type { Bars } from '../../src-shared/bars/bars';
import type { BacktestConfig, ExitDistance, Sizing } from '../../src-shared/backtest';
import { atr } from '../indicators/volatility';

/** +1 buys (long), −1 sells (short). */
export type Side = 1 | -1;

/**
 * A stop-loss or take-profit level of one entry: an absolute price, or a distance from the entry
 * fill in price units, in percent of it, or in multiples of ATR at the bar the order was placed.
 */
export type Level =
  | { readonly kind: 'price'; readonly price: number }
  | { readonly kind: 'distance'; readonly distance: number }
  | { readonly kind: 'percent'; readonly percent: number }
  | { readonly kind: 'atr'; readonly multiple: number; readonly atr: Float64Array };

/**
 * A trailing stop's distance from the best price since entry: fixed, in percent of that price, or
 * in multiples of ATR at each bar (at the order's bar for the first level).
 */
export type Trail =
  | { readonly kind: 'distance'; readonly distance: number }
  | { readonly kind: 'percent'; readonly percent: number }
  | { readonly kind: 'atr'; readonly multiple: number; readonly atr: Float64Array };

/** A buy or a sell, as the strategy placed it (exits and sizing not yet merged with the run's). */
export interface EntryRequest {
  readonly side: Side;
  /** The order's own size; the run's sizing when absent. */
  readonly sizing?: Sizing;
  /** Limit or stop price (NaN: none); at most one of them. */
  readonly limit: number;
  readonly stop: number;
  readonly stopLoss?: Level;
  readonly takeProfit?: Level;
  readonly trailing?: Trail;
  readonly tag?: string;
}

/** An order waiting for its fill. Market and close orders fill at the next open; limit and stop orders within the next bar, or lapse. */
export type Order =
  | {
      readonly kind: 'entry';
      readonly side: Side;
      readonly sizing: Sizing;
      readonly limit: number;
      readonly stop: number;
      /** Every stop-loss that applies (the order's and the run's): the tighter one is placed. */
      readonly stopLosses: readonly Level[];
      readonly takeProfit: Level | null;
      readonly trailing: Trail | null;
      readonly tag: string | undefined;
      /** The bar whose decision placed it: ATR distances are read there. */
      readonly bar: number;
    }
  | {
      readonly kind: 'close';
      /** Of each lot, in (0, 1]. */
      readonly fraction: number;
      readonly bar: number;
    };

export type EntryOrder = Extract<Order, { kind: 'entry' }>;

/** A market order (or a close, which is one): it fills at the next open, or at this close with tradeOnClose. */
export const isMarket = (order: Order): boolean => order.kind === 'close' || (order.limit !== order.limit && order.stop !== order.stop);

/** The run's stop-loss, take-profit and trailing stop (config), applied to every entry that gives none. */
export interface RunExits {
  readonly stopLoss: Level | null;
  readonly takeProfit: Level | null;
  readonly trailing: Trail | null;
}

function levelOf(exit: ExitDistance, bars: Bars): Level | null {
  if (exit.kind === 'none') return null;
  if (exit.kind === 'percent') return { kind: 'percent', percent: exit.percent };
  return { kind: 'atr', multiple: exit.multiple, atr: atr(bars.high, bars.low, bars.close, exit.period) };
}

export function runExits(config: BacktestConfig, bars: Bars): RunExits {
  return {
    stopLoss: levelOf(config.stopLoss, bars),
    takeProfit: levelOf(config.takeProfit, bars),
    trailing: levelOf(config.trailingStop, bars) as Trail | null,
  };
}

/**
 * The order an entry request makes in this run: the run's sizing unless the request gives one;
 * its stop-loss and the run's (the tighter is placed when both exist); its take-profit and
 * trailing stop, else the run's.
 */
export function entryOrder(request: EntryRequest, exits: RunExits, sizing: Sizing, bar: number): EntryOrder {
  const stopLosses: Level[] = [];
  if (request.stopLoss) stopLosses.push(request.stopLoss);
  if (exits.stopLoss) stopLosses.push(exits.stopLoss);
  return {
    kind: 'entry',
    side: request.side,
    sizing: request.sizing ?? sizing,
    limit: request.limit,
    stop: request.stop,
    stopLosses,
    takeProfit: request.takeProfit ?? exits.takeProfit,
    trailing: request.trailing ?? exits.trailing,
    tag: request.tag,
    bar,
  };
}

/** A level's distance from `entry` in price units (NaN where it has none: an ATR still warming up). */
function distanceOf(level: Level, side: Side, entry: number, bar: number): number {
  switch (level.kind) {
    case 'price':
      return side * (entry - level.price);
    case 'distance':
      return level.distance;
    case 'percent':
      return (entry * level.percent) / 100;
    case 'atr':
      return level.multiple * level.atr[bar];
  }
}

/** A stop-loss (sign −1) or take-profit (sign +1) level as a price for an entry filled at `entry`. */
function priceOf(level: Level, side: Side, entry: number, bar: number, sign: 1 | -1): number {
  return level.kind === 'price' ? level.price : entry + sign * side * distanceOf(level, side, entry, bar);
}

/** The tightest stop-loss price of `levels` (highest for a long, lowest for a short); NaN for none. */
export function stopLossPrice(levels: readonly Level[], side: Side, entry: number, bar: number): number {
  let tightest = NaN;
  for (const level of levels) {
    const price = priceOf(level, side, entry, bar, -1);
    if (price !== price) continue;
    if (tightest !== tightest || (side > 0 ? price > tightest : price < tightest)) tightest = price;
  }
  return tightest;
}

/** The distance to the tightest stop-loss, which risk sizing divides by; NaN for none. */
export function stopLossDistance(levels: readonly Level[], side: Side, entry: number, bar: number): number {
  let tightest = NaN;
  for (const level of levels) {
    const distance = distanceOf(level, side, entry, bar);
    if (distance !== distance) continue;
    if (tightest !== tightest || distance < tightest) tightest = distance;
  }
  return tightest;
}

/** The take-profit price for an entry filled at `entry`; NaN for none. */
export function takeProfitPrice(level: Level | null, side: Side, entry: number, bar: number): number {
  return level === null ? NaN : priceOf(level, side, entry, bar, 1);
}

/** A trailing stop's distance from `extreme` at `bar`; NaN for none (or an ATR still warming up). */
export function trailDistance(trail: Trail | null, extreme: number, bar: number): number {
  if (trail === null) return NaN;
  switch (trail.kind) {
    case 'distance':
      return trail.distance;
    case 'percent':
      return (extreme * trail.percent) / 100;
    case 'atr':
      return trail.multiple * trail.atr[bar];
  }
}
