import type { BacktestConfig, BacktestResult } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import type { StrategySource } from '../../src-shared/sdk/source';
import { runBacktest } from '../engine/backtest';
import type { TaskContext } from './context';

/**
 * What main sends for one backtest: bars on SharedArrayBuffers (shared, not copied) and the config.
 * Without `source`, `config.strategy.id` names a built-in strategy; with it, the user's module is
 * run (in the sandbox) and the result's provenance records its `sourceHash`.
 */
export interface BacktestTask {
  readonly bars: Bars;
  readonly higher: Readonly<Record<string, Bars>>;
  readonly config: BacktestConfig;
  readonly dataHash: string;
  readonly source?: StrategySource;
}

/** The `backtest` task kind: one engine run, checkpointing for progress and cancellation. */
export function backtestTask(task: BacktestTask, ctx: TaskContext): BacktestResult {
  return runBacktest(
    { bars: task.bars, higher: task.higher, config: task.config, dataHash: task.dataHash },
    {
      shouldStop: () => ctx.cancelled,
      onProgress: (fraction) => ctx.checkpoint(fraction, 'simulating'),
    },
  );
}
