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
import { registerTask, registerWarmUp } from './registry';
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

registerWarmUp(warmUpCalibrate);
registerWarmUp(warmUpEngine);
registerWarmUp(warmUpOptimize);
