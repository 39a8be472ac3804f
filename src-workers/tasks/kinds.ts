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

registerWarmUp(warmUpCalibrate);
registerWarmUp(warmUpEngine);
