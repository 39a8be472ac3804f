import type { ParamValues } from '../../src-shared/backtest';
import { isTimeframe, TIMEFRAMES } from '../../src-shared/bars/timeframe';
import { BarwiseError } from '../../src-shared/errors';
import type { StrategySource } from '../../src-shared/sdk/source';
import type { StrategyDefinition } from '../../src-shared/sdk/strategy';
import { checkedOrigin } from './define';
import { failure } from './failure';
import { where } from './user-frame';

/** A strategy ready to run: its definition, and what a run records and reports of it. */
export interface LoadedStrategy {
  /** The registry's id for a built-in; the file's base name for a user strategy. */
  readonly id: string;
  readonly version: string;
  readonly definition: StrategyDefinition;
  /** The file its errors name and its stack frames carry (see user-frame.ts). */
  readonly file: string;
  /** sha256 of a user strategy's TypeScript text. */
  readonly sourceHash?: string;
  /** Code from outside this code base: its `init` gets copies of the bars, never the memory other runs share. */
  readonly untrusted: boolean;
  /** Tests only: `next` from bar 0, before any warm-up (backtesting.py starts at bar 1 at the earliest). */
  readonly fromBarZero?: boolean;
}

/** A strategy defined in this code base (a built-in, a test's, a docs example): what defineStrategy returned. */
export function trustedStrategy(id: string, version: string, definition: unknown, fromBarZero = false): LoadedStrategy {
  const origin = checkedOrigin(definition);
  if (!origin) throw new BarwiseError('STRATEGY_INVALID', `strategy '${id}' was not made by defineStrategy`);
  return { id, version, definition: definition as StrategyDefinition, file: origin.file, untrusted: false, fromBarZero };
}

/**
 * A user strategy from what its module exported (the sandbox evaluated it): the default export
 * must be what defineStrategy returned. Its version is the start of its source hash.
 */
export function userStrategy(source: StrategySource, exported: unknown): LoadedStrategy {
  if (!checkedOrigin(exported)) {
    throw new BarwiseError(
      'STRATEGY_INVALID',
      `${where(source.fileName, undefined)}the default export is not a strategy: end the file with export default defineStrategy({ name, params, init, next })`,
    );
  }
  const definition = exported as StrategyDefinition;
  const version = source.sourceHash.replace(/^sha256:/, '').slice(0, 12);
  // The file as the sandbox names it in stack frames (its `//# sourceURL`, which ends at a space).
  const file = source.fileName.replace(/\s/g, '_');
  return { id: source.id, version, definition, file, sourceHash: source.sourceHash, untrusted: true };
}

/** The higher timeframes a strategy reads with these parameters (its `timeframes`), checked. */
export function timeframesOf(strategy: LoadedStrategy, params: Readonly<ParamValues>): string[] {
  const { timeframes } = strategy.definition;
  if (timeframes === undefined) return [];
  let labels: unknown;
  try {
    labels = (timeframes as (p: Readonly<ParamValues>) => unknown)(params);
  } catch (error) {
    throw failure(error, 'timeframes', strategy.file);
  }
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string' && isTimeframe(label))) {
    throw new BarwiseError(
      'STRATEGY_ERROR',
      `${where(strategy.file, undefined)}timeframes must return a list of timeframes (${TIMEFRAMES.join(', ')}), got ${JSON.stringify(labels)}`,
    );
  }
  return [...new Set(labels as string[])];
}
