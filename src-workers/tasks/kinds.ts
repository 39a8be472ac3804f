import { backtestTask } from './backtest';
import { warmUpEngine } from './backtest-warm-up';
import { calibrate, warmUpCalibrate } from './calibrate';
import { registerTask, registerWarmUp } from './registry';

/**
 * Every production task kind, registered once when the worker starts. Add a kind with one line:
 *   registerTask('backtest', runBacktestTask);
 */
registerTask('calibrate', calibrate);
registerTask('backtest', backtestTask);

registerWarmUp(warmUpCalibrate);
registerWarmUp(warmUpEngine);
