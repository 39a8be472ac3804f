import { lessThan } from '../../src-shared/param-rules';
import { sma } from '../indicators/moving-averages';
import { firstValid, num, type Strategy } from '../engine/strategy';
import { crossSignals, signalsDecider } from '../engine/signals';
import { intParam } from './params';

/** backtesting.py's SmaCross: long when the fast SMA crosses above the slow one, short on the cross below. */
export const smaCross: Strategy = {
  id: 'sma-cross',
  name: 'SMA crossover',
  description: 'Long when the fast simple moving average crosses above the slow one, short (or flat) when it crosses below.',
  version: '1',
  params: [
    intParam('fast', 'Fast period', 10, 2, 500, 'Bars in the fast simple moving average.'),
    intParam('slow', 'Slow period', 30, 3, 1000, 'Bars in the slow simple moving average.'),
  ],
  requiredTimeframes: () => [],
  rules: [lessThan('fast', 'slow')],
  prepare({ bars, params, series }) {
    const fast = sma(bars.close, num(params, 'fast'), series());
    const slow = sma(bars.close, num(params, 'slow'), series());
    return signalsDecider(firstValid(fast, slow), crossSignals(fast, slow));
  },
};
