import type { ParamSpec, ParamValues } from '../../src-shared/backtest';
import type { ParamRule } from '../../src-shared/param-rules';
import type { StrategySource } from '../../src-shared/sdk/source';

/**
 * The payloads and results of the task kinds that look at a user strategy without running a
 * backtest. Main sends a compiled `StrategySource`; the worker evaluates it in the sandbox.
 * Errors come back as `{ code, message }`: STRATEGY_INVALID (not a strategy, a wrong
 * declaration), STRATEGY_ERROR (init, next or signals threw or was refused; the message starts
 * with "FILE:LINE: "), LOOK_AHEAD.
 */

/** `strategy.describe`: what the form, the CLI and the optimizer need to know of a strategy. */
export interface StrategyDescribeTask {
  readonly source: StrategySource;
  /** Values for the parameters, to say which higher timeframes they need (defaults when omitted). */
  readonly params?: Readonly<ParamValues>;
}

export interface StrategyDescription {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  readonly rules: readonly ParamRule[];
  /** Higher timeframes the strategy reads with these parameters (or the defaults), e.g. ['4h']. */
  readonly higherTimeframes: readonly string[];
  readonly hasNext: boolean;
  readonly hasSignals: boolean;
}

/** `strategy.check`: the look-ahead test on a seeded random walk, with the default parameters. */
export interface StrategyCheckTask {
  readonly source: StrategySource;
}

export interface StrategyCheckFinding {
  readonly message: string;
  /** The line of the strategy file the finding is about, when one is known. */
  readonly line?: number;
}

export interface StrategyCheckReport {
  /** True when no decision up to any tested bar changed when the bars after it were rewritten. */
  readonly passed: boolean;
  readonly findings: readonly StrategyCheckFinding[];
  /** Orders the strategy placed on the test data: with none, the check shows little. */
  readonly decisions: number;
}
