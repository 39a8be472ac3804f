import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { runStrategy } from '../engine/backtest';
import { trustedStrategy } from './loaded';
import { framesOf, lineIn } from './user-frame';

/** Runs a definition written in a test (what defineStrategy returned) on `bars`. For tests. */
export function runDefinition(
  definition: object,
  bars: Bars,
  overrides: Partial<BacktestConfigInput> = {},
  higher?: Readonly<Record<string, Bars>>,
): BacktestResult {
  const config = backtestConfigSchema.parse({ strategy: { id: 'test' }, ...overrides });
  return runStrategy(trustedStrategy('test', '1', definition), { bars, higher, config, dataHash: 'test' });
}

/** The line of the caller in `file` (a test names the line a strategy's error should name). */
export function lineHere(file: string): number {
  const line = lineIn(new Error().stack, file);
  if (line === undefined) throw new Error(`no frame in ${file}`);
  return line;
}

/** The file of the caller, as stacks name it. */
export function thisFile(): string {
  return framesOf(new Error().stack)[1].file;
}
