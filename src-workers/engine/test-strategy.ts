import { defineStrategy } from 'barwise';
import { backtestConfigSchema, type BacktestConfig, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { trustedStrategy, type LoadedStrategy } from '../sdk/loaded';
import { runStrategy, type RunHooks } from './backtest';

/** What a scripted strategy wants to hold after bar i closes (HOLD, or a missing entry: keep what is held). */
export const LONG = 1;
export const SHORT = -1;
export const FLAT = 0;
export const HOLD = 2;
export type Target = typeof LONG | typeof SHORT | typeof FLAT | typeof HOLD;

export interface ScriptExtras {
  /** A stop distance (price units) the strategy places on every entry. */
  readonly stopDistance?: number;
  /** Entry price per decision bar: a limit order on the favourable side of the close, a stop order beyond it; missing → market. */
  readonly entryPrices?: ReadonlyArray<number | undefined>;
}

/**
 * A strategy that plays back fixed targets (index i → decision on bar i, from bar 0): a target
 * other than what is held closes the position and opens the target's side. For tests.
 */
export function scripted(targets: ReadonlyArray<Target | undefined>, extras: ScriptExtras = {}): LoadedStrategy {
  const { stopDistance, entryPrices } = extras;
  const definition = defineStrategy({
    name: 'Scripted',
    description: 'Plays back a fixed list of targets (tests only).',
    next({ bar, position, buy, sell }) {
      const target = targets[bar.index];
      if (target === undefined || target === HOLD) return;
      const side = position.isLong ? LONG : position.isShort ? SHORT : FLAT;
      if (target === side) return;
      if (side !== FLAT) position.close();
      if (target === FLAT) return;
      const price = entryPrices?.[bar.index];
      const priced = price === undefined ? {} : (target === LONG ? price <= bar.close : price >= bar.close) ? { limit: price } : { stop: price };
      const order = { ...priced, ...(stopDistance === undefined ? {} : { sl: { distance: stopDistance } }) };
      if (target === LONG) buy(order);
      else sell(order);
    },
  });
  return trustedStrategy('scripted', '1', definition, true);
}

export function config(overrides: Partial<BacktestConfigInput> = {}): BacktestConfig {
  return backtestConfigSchema.parse({ strategy: { id: 'scripted' }, ...overrides });
}

export function runScripted(
  bars: Bars,
  targets: ReadonlyArray<Target | undefined>,
  overrides: Partial<BacktestConfigInput> = {},
  hooks?: RunHooks,
  extras: ScriptExtras = {},
): BacktestResult {
  return runStrategy(scripted(targets, extras), { bars, config: config(overrides), dataHash: 'test' }, hooks);
}
