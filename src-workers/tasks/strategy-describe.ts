import { timeframesOf } from '../sdk/loaded';
import { paramRules, paramSpecs, resolveParams } from '../sdk/params';
import { loadSource, type EvaluateModule } from './strategy-source';
import type { StrategyDescribeTask, StrategyDescription } from './strategy-tasks';

/** The `strategy.describe` task kind: a user strategy's declaration, for the form, the CLI and sweeps. */
export function describeStrategyTask(evaluate: EvaluateModule): (task: StrategyDescribeTask) => StrategyDescription {
  return (task) => {
    const strategy = loadSource(task.source, evaluate);
    const { definition } = strategy;
    return {
      name: definition.name,
      description: definition.description ?? '',
      params: paramSpecs(definition),
      rules: paramRules(definition),
      higherTimeframes: timeframesOf(strategy, resolveParams(strategy.id, definition, task.params ?? {})),
      hasNext: definition.next !== undefined,
      hasSignals: definition.signals !== undefined,
    };
  };
}
