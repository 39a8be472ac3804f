import type { BacktestConfig, BacktestResult } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import type { StrategySource } from '../../src-shared/sdk/source';
import { runStrategy } from '../engine/backtest';
import { getStrategy } from '../strategies/registry';
import type { TaskContext } from './context';
import { loadSource, type EvaluateModule } from './strategy-source';

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
export function backtestTask(evaluate: EvaluateModule): (task: BacktestTask, ctx: TaskContext) => BacktestResult {
  return (task, ctx) => {
    const strategy = task.source === undefined ? getStrategy(task.config.strategy.id) : loadSource(task.source, evaluate);
    if (strategy.id !== task.config.strategy.id) {
      throw new BarwiseError('INVALID_CONFIG', `config.strategy.id '${task.config.strategy.id}' is not the id of the strategy sent ('${strategy.id}')`);
    }
    return runStrategy(
      strategy,
      { bars: task.bars, higher: task.higher, config: task.config, dataHash: task.dataHash },
      {
        shouldStop: () => ctx.cancelled,
        onProgress: (fraction) => ctx.checkpoint(fraction, 'simulating'),
      },
    );
  };
}
