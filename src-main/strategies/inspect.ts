import type { LookAheadResult, StrategyProblem } from '../../src-shared/api/strategies';
import type { ParamValues } from '../../src-shared/backtest';
import { toErrorValue, type ErrorCode } from '../../src-shared/errors';
import type { StrategySource } from '../../src-shared/sdk/source';
import type {
  StrategyCheckReport,
  StrategyCheckTask,
  StrategyDescribeTask,
  StrategyDescription,
} from '../../src-workers/tasks/strategy-tasks';
import type { RunOptions, WorkerPool } from '../pool/pool';

/**
 * What a worker says of a user strategy: its description (`strategy.describe`) and the look-ahead
 * check (`strategy.check`). The worker evaluates the compiled module in its sandbox; main only
 * sends the source and reads the answer. Errors the strategy caused (its module is not a strategy,
 * it threw, it ran past the time limit) become problems at their line; errors of the machinery
 * (the pool closing, a cancel) are thrown as they are.
 */

export type DescribeOutcome =
  | { readonly ok: true; readonly description: StrategyDescription }
  | { readonly ok: false; readonly problem: StrategyProblem; readonly code: ErrorCode };

/** Errors that say something about the strategy, not about the pool or the app. */
const STRATEGY_FAULTS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'STRATEGY_INVALID',
  'STRATEGY_ERROR',
  'LOOK_AHEAD',
  'INVALID_CONFIG',
  'TASK_FAILED',
  'TASK_TIMEOUT',
  'WORKER_OUT_OF_MEMORY',
]);

export const isStrategyFault = (code: ErrorCode) => STRATEGY_FAULTS.has(code);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A worker's message as a problem: "strategies/x.ts:14: next() threw …" (or "…:14:5: …") gives
 * the line (and column), and the message without the place.
 */
export function problemOf(kind: StrategyProblem['kind'], fileName: string, message: string): StrategyProblem {
  const at = new RegExp(`^${escapeRegExp(fileName)}:(\\d+)(?::(\\d+))?:\\s*`).exec(message);
  if (!at) return { kind, message };
  const line = Number(at[1]);
  const column = at[2] === undefined ? undefined : Number(at[2]);
  return { kind, message: message.slice(at[0].length), line, ...(column === undefined ? {} : { column }) };
}

/** A task that runs user code: the user's time limit for strategy code applies, not the kind's. */
const USER_CODE: Omit<RunOptions, 'signal'> = { priority: 'interactive', userCode: true };

export async function describeStrategy(pool: WorkerPool, source: StrategySource, params?: Readonly<ParamValues>): Promise<DescribeOutcome> {
  const task: StrategyDescribeTask = params === undefined ? { source } : { source, params };
  try {
    return { ok: true, description: await pool.run<StrategyDescription>('strategy.describe', task, USER_CODE) };
  } catch (error) {
    const { code, message } = toErrorValue(error);
    if (!isStrategyFault(code)) throw error;
    return { ok: false, code, problem: problemOf('load', source.fileName, message) };
  }
}

/** The check's result, and whether it may be kept for this source (a crash of the machinery is not kept). */
export interface CheckOutcome {
  readonly result: LookAheadResult;
  readonly keep: boolean;
}

/** Failures of a check that the same source would meet again: kept with the source like a report. */
const LASTING: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['STRATEGY_INVALID', 'STRATEGY_ERROR', 'LOOK_AHEAD', 'INVALID_CONFIG', 'TASK_TIMEOUT']);

/**
 * The look-ahead check. A strategy that fails while it is checked (it throws on the test's random
 * walk, or runs past the time limit) has not passed: that is its finding.
 */
export async function checkStrategy(pool: WorkerPool, source: StrategySource, now: () => number = Date.now): Promise<CheckOutcome> {
  const task: StrategyCheckTask = { source };
  try {
    const report = await pool.run<StrategyCheckReport>('strategy.check', task, USER_CODE);
    const findings = report.findings.map((f) => {
      const problem = problemOf('look-ahead', source.fileName, f.message);
      return f.line === undefined ? problem : { ...problem, line: f.line };
    });
    return { keep: true, result: { passed: report.passed, checkedAt: now(), findings } };
  } catch (error) {
    const { code, message } = toErrorValue(error);
    if (!isStrategyFault(code)) throw error;
    const problem = problemOf('look-ahead', source.fileName, message);
    const finding = { ...problem, message: `the check could not run: ${problem.message}` };
    return { keep: LASTING.has(code), result: { passed: false, checkedAt: now(), findings: [finding] } };
  }
}
