import type { Sizing } from '../../src-shared/backtest';
import type { EntryRequest, Level, Side, Trail } from '../engine/orders';

/** A stop or target this many percent from entry is as good as none (the config's bound too). */
const MAX_PERCENT = 10_000;
const OPTIONS = ['size', 'limit', 'stop', 'sl', 'tp', 'trailing', 'tag'];
const MAX_TAG = 200;

/** What an order's checks need to know of the run. */
export interface OrderRules {
  readonly fractionalUnits: boolean;
  /** The run's own stop-loss (config), which risk sizing may use. */
  readonly runHasStopLoss: boolean;
  readonly runSizing: Sizing;
}

/** Why an order was refused: the rule it broke, and whether the run's settings (INVALID_CONFIG) or the strategy (STRATEGY_ERROR) must change. */
export class OrderRefusal {
  constructor(
    readonly rule: string,
    readonly code: 'STRATEGY_ERROR' | 'INVALID_CONFIG' = 'STRATEGY_ERROR',
  ) {}
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(JSON.stringify(value) ?? value));

function sizingOf(size: unknown, rules: OrderRules): Sizing {
  if (typeof size === 'number') {
    if (!positive(size)) throw new OrderRefusal(`size must be a positive number (below 1 a fraction of buying power, from 1 units), got ${size}`);
    if (size < 1) return { kind: 'equity-fraction', fraction: size };
    if (!rules.fractionalUnits && !Number.isInteger(size)) {
      throw new OrderRefusal(`size ${size} is not a whole number of units, and the run's units are whole (fractional units are off); below 1 it is a fraction of buying power`);
    }
    return { kind: 'fixed-quantity', quantity: size };
  }
  if (isRecord(size) && Object.keys(size).length === 1) {
    if ('cash' in size) {
      if (!positive(size.cash)) throw new OrderRefusal(`size { cash } must be a positive amount, got ${show(size.cash)}`);
      return { kind: 'fixed-cash', amount: size.cash };
    }
    if ('riskPct' in size) {
      if (!positive(size.riskPct) || size.riskPct > 100) throw new OrderRefusal(`size { riskPct } must be above 0 and at most 100, got ${show(size.riskPct)}`);
      return { kind: 'risk', riskPct: size.riskPct };
    }
  }
  throw new OrderRefusal(`size must be a number, { cash } or { riskPct }, got ${show(size)}`);
}

function distanceOf(value: Record<string, unknown>, what: string): { distance: number } | { percent: number } {
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'distance') {
    // 0 is allowed: a stop at the entry price (an ATR of 0 on bars that did not move).
    const distance = value.distance;
    if (typeof distance !== 'number' || !Number.isFinite(distance) || distance < 0) {
      throw new OrderRefusal(`${what} { distance } must be a price difference of 0 or more, got ${show(distance)}`);
    }
    return { distance };
  }
  if (keys.length === 1 && keys[0] === 'percent') {
    if (!positive(value.percent) || value.percent > MAX_PERCENT) {
      throw new OrderRefusal(`${what} { percent } must be above 0 and at most ${MAX_PERCENT}, got ${show(value.percent)}`);
    }
    return { percent: value.percent };
  }
  throw new OrderRefusal(`${what} must be a price, { distance } or { percent }, got ${show(value)}`);
}

/**
 * An exit level: an absolute price on the right side of `reference` (below it for a buy's stop,
 * above it for its target; the mirror for a sell), or a distance.
 */
function levelOf(value: unknown, what: 'stop-loss' | 'take-profit', side: Side, reference: number, referenceName: string): Level {
  if (typeof value === 'number') {
    if (!positive(value)) throw new OrderRefusal(`${what} must be a positive price, got ${value}`);
    const below = (what === 'stop-loss') === (side > 0);
    if (below ? !(value < reference) : !(value > reference)) {
      const verb = side > 0 ? 'buy' : 'sell';
      throw new OrderRefusal(`${what} ${value} must be ${below ? 'below' : 'above'} ${referenceName} ${reference} for a ${verb}`);
    }
    return { kind: 'price', price: value };
  }
  if (!isRecord(value)) throw new OrderRefusal(`${what} must be a price, { distance } or { percent }, got ${show(value)}`);
  const distance = distanceOf(value, what);
  return 'distance' in distance ? { kind: 'distance', distance: distance.distance } : { kind: 'percent', percent: distance.percent };
}

/**
 * A buy's or sell's options checked and turned into an entry request. `close` is the current
 * bar's close, against which an exit price is checked when the order has no limit or stop price.
 * Throws OrderRefusal.
 */
export function entryRequest(side: Side, options: unknown, close: number, rules: OrderRules): EntryRequest {
  if (options === undefined) options = {};
  if (!isRecord(options)) throw new OrderRefusal(`options must be an object such as { size: 0.5, sl: { percent: 2 } }, got ${show(options)}`);
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new OrderRefusal(`unknown option '${key}' (options: ${OPTIONS.join(', ')})`);
  }
  const { size, limit, stop, sl, tp, trailing, tag } = options;
  const sizing = size === undefined ? undefined : sizingOf(size, rules);
  for (const [name, price] of [['limit', limit], ['stop', stop]] as const) {
    if (price !== undefined && !positive(price)) throw new OrderRefusal(`${name} must be a positive price, got ${show(price)}`);
  }
  if (limit !== undefined && stop !== undefined) throw new OrderRefusal('give a limit or a stop price, not both');
  const reference = (limit ?? stop ?? close) as number;
  const referenceName = limit !== undefined ? 'the limit price' : stop !== undefined ? 'the stop price' : 'the current close';
  const stopLoss = sl === undefined ? undefined : levelOf(sl, 'stop-loss', side, reference, referenceName);
  const takeProfit = tp === undefined ? undefined : levelOf(tp, 'take-profit', side, reference, referenceName);
  let trail: Trail | undefined;
  if (trailing !== undefined) {
    if (!isRecord(trailing)) throw new OrderRefusal(`trailing must be { distance } or { percent }, got ${show(trailing)}`);
    const distance = distanceOf(trailing, 'trailing');
    trail = 'distance' in distance ? { kind: 'distance', distance: distance.distance } : { kind: 'percent', percent: distance.percent };
  }
  if (tag !== undefined && (typeof tag !== 'string' || tag.length > MAX_TAG)) throw new OrderRefusal(`tag must be a string of at most ${MAX_TAG} characters`);
  const risk = (sizing ?? rules.runSizing).kind === 'risk';
  if (risk && stopLoss === undefined && !rules.runHasStopLoss) {
    throw sizing === undefined
      ? new OrderRefusal("sizing 'risk' needs a stop: set stopLoss, or give the order a stop-loss (sl)", 'INVALID_CONFIG')
      : new OrderRefusal("size { riskPct } needs a stop-loss: give sl, or set the run's stopLoss");
  }
  return {
    side,
    sizing,
    limit: typeof limit === 'number' ? limit : NaN,
    stop: typeof stop === 'number' ? stop : NaN,
    stopLoss,
    takeProfit,
    trailing: trail,
    tag: tag as string | undefined,
  };
}
