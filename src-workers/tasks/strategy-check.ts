import { checkLookAhead } from '../sdk/lookahead';
import type { TaskContext } from './context';
import { loadSource, type EvaluateModule } from './strategy-source';
import type { StrategyCheckReport, StrategyCheckTask } from './strategy-tasks';

/** The `strategy.check` task kind: the look-ahead check of a user strategy, with its default parameters. */
export function checkStrategyTask(evaluate: EvaluateModule): (task: StrategyCheckTask, ctx: TaskContext) => StrategyCheckReport {
  return (task, ctx) => checkLookAhead(loadSource(task.source, evaluate), { shouldStop: () => ctx.cancelled });
}
