import { optimizeChunkTask } from '../optimize/chunk';
import { monteCarloBlocksTask } from '../optimize/montecarlo-blocks';
import { monteCarloTrades } from '../optimize/montecarlo-trades';
import { planSearch } from '../optimize/plan';
import { proposeVariants } from '../optimize/tpe';
import { warmUpOptimize } from '../optimize/warm-up';
import { evaluateStrategyModule } from '../sdk/sandbox';
import { backtestTask } from './backtest';
import { warmUpEngine } from './backtest-warm-up';
import { calibrate, warmUpCalibrate } from './calibrate';
import { featuresTask, predictTask, trainTask } from './ml';
import { warmUpMl } from './ml-warm-up';
import { registerTask, registerWarmUp } from './registry';
import { transferResult } from './runtime';
import { checkStrategyTask } from './strategy-check';
import { describeStrategyTask } from './strategy-describe';

/** User strategy code is evaluated only in the sandbox (an SES Compartment whose only import is the SDK). */
const evaluate = evaluateStrategyModule;

/**
 * Every production task kind, registered once when the worker starts. Add a kind with one line:
 *   registerTask('backtest', runBacktestTask);
 */
registerTask('calibrate', calibrate);
registerTask('backtest', backtestTask(evaluate));
registerTask('strategy.describe', describeStrategyTask(evaluate));
registerTask('strategy.check', checkStrategyTask(evaluate));
registerTask('optimize.plan', planSearch);
registerTask('optimize.chunk', optimizeChunkTask(evaluate));
registerTask('optimize.propose', proposeVariants);
registerTask('montecarlo.trades', monteCarloTrades);
registerTask('montecarlo.blocks', monteCarloBlocksTask(evaluate));

// A model's blob and a prediction's columns go back by transfer, not by copy.
const train = trainTask(evaluate);
const predict = predictTask(evaluate);
registerTask('ml.train', (task: Parameters<typeof train>[0], ctx) => {
  const result = train(task, ctx);
  return transferResult(result, [result.model.buffer as ArrayBuffer]);
});
registerTask('ml.predict', (task: Parameters<typeof predict>[0], ctx) => {
  const result = predict(task, ctx);
  return transferResult(result, result.values.map((values) => values.buffer as ArrayBuffer));
});
registerTask('ml.features', featuresTask);

registerWarmUp(warmUpCalibrate);
registerWarmUp(warmUpEngine);
registerWarmUp(warmUpMl);
registerWarmUp(warmUpOptimize);
