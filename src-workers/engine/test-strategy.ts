import { backtestConfigSchema, type BacktestConfig, type BacktestConfigInput } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { runStrategy, type RunHooks } from './backtest';
import { HOLD, type Strategy, type Target } from './strategy';
import type { BacktestResult } from '../../src-shared/backtest';

export interface ScriptExtras {
  /** A fixed stop distance the strategy places on every entry. */
  readonly stopDistance?: number;
  /** Entry price per decision bar (limit or stop order); missing → market. */
  readonly entryPrices?: ReadonlyArray<number | undefined>;
}

/** A strategy that plays back fixed targets (index i → decision on bar i; missing → HOLD). For tests. */
export function scripted(targets: ReadonlyArray<Target | undefined>, extras: ScriptExtras = {}): Strategy {
  const { stopDistance, entryPrices } = extras;
  return {
    id: 'scripted',
    name: 'Scripted',
    description: 'Plays back a fixed list of targets (tests only).',
    version: '1',
    params: [],
    requiredTimeframes: () => [],
    prepare: () => ({
      warmup: -1,
      decide: (i) => targets[i] ?? HOLD,
      ...(stopDistance === undefined ? {} : { stopDistance: () => stopDistance }),
      ...(entryPrices === undefined ? {} : { entryPrice: (i: number) => entryPrices[i] ?? NaN }),
    }),
  };
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
