import { BarwiseError } from '../../src-shared/errors';
import { modelConfigSchema } from '../../src-shared/ml/config';
import { FEATURE_CATALOG } from '../../src-shared/ml/features';
import type { StrategySource } from '../../src-shared/sdk/source';
import type { StrategyLoader } from '../ml/strategy-features';
import { predictBars } from '../ml/predict';
import { trainModel } from '../ml/train';
import { TRAINER_VERSION } from '../ml/version';
import { getStrategy, STRATEGIES } from '../strategies/registry';
import type { TaskContext } from './context';
import type { MlFeaturesResult, MlPredictResult, MlPredictTask, MlTrainResult, MlTrainTask } from './ml-tasks';
import { loadSource, type EvaluateModule } from './strategy-source';

/** Built-ins from the registry; a user strategy from the sources main sent, evaluated in the sandbox (once per task). */
function strategyLoader(sources: Readonly<Record<string, StrategySource>> | undefined, evaluate: EvaluateModule): StrategyLoader {
  return (id) => {
    if (sources && Object.hasOwn(sources, id)) return loadSource(sources[id], evaluate);
    if (STRATEGIES.some((s) => s.id === id)) return getStrategy(id);
    throw new BarwiseError('STRATEGY_NOT_FOUND', `no strategy '${id}': it is not a built-in, and its source was not sent with the task`);
  };
}

/** The `ml.train` task kind: checkpoints at every phase, round and importance feature (cancellable there). */
export function trainTask(evaluate: EvaluateModule): (task: MlTrainTask, ctx: TaskContext) => MlTrainResult {
  return (task, ctx) => {
    const parsed = modelConfigSchema.safeParse(task.config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BarwiseError('INVALID_CONFIG', `config.${issue.path.join('.')}: ${issue.message}`);
    }
    return trainModel({ bars: task.bars, higher: task.higher, loadStrategy: strategyLoader(task.strategies, evaluate) }, parsed.data, (fraction, message) =>
      ctx.checkpoint(fraction, message),
    );
  };
}

/** The `ml.predict` task kind. */
export function predictTask(evaluate: EvaluateModule): (task: MlPredictTask, ctx: TaskContext) => MlPredictResult {
  return (task, ctx) => {
    ctx.checkpoint(0, 'predicting');
    return predictBars({ bars: task.bars, higher: task.higher, loadStrategy: strategyLoader(task.strategies, evaluate) }, task.model);
  };
}

/** The `ml.features` task kind: the catalog, for the CLI's `barwise features` and the Models page. */
export function featuresTask(): MlFeaturesResult {
  return { features: FEATURE_CATALOG, trainerVersion: TRAINER_VERSION };
}
