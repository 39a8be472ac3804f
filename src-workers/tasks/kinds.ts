import { BarwiseError } from '../../src-shared/errors';
import { backtestTask } from './backtest';
import { warmUpEngine } from './backtest-warm-up';
import { calibrate, warmUpCalibrate } from './calibrate';
import { registerTask, registerWarmUp } from './registry';
import { checkStrategyTask } from './strategy-check';
import { describeStrategyTask } from './strategy-describe';
import type { EvaluateModule } from './strategy-source';

// Until the sandbox (sdk/sandbox.ts) is part of this tree, user code is refused, never evaluated.
const evaluate: EvaluateModule = (source) => {
  throw new BarwiseError('STRATEGY_INVALID', `${source.fileName}: user strategies need the strategy sandbox, which this build does not include`);
};

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
