import { lessThan } from '../../src-shared/param-rules';
import { ema } from '../indicators/moving-averages';
import { firstValid, num, type Strategy } from '../engine/strategy';
import { crossSignals, signalsDecider } from '../engine/signals';
import { intParam } from './params';

export const emaCross: Strategy = {
  id: 'ema-cross',
  name: 'EMA crossover',
  description: 'Long when the fast exponential moving average crosses above the slow one, short (or flat) when it crosses below.',
  version: '1',
  params: [
    intParam('fast', 'Fast period', 12, 2, 500, 'Bars in the fast exponential moving average.'),
    intParam('slow', 'Slow period', 26, 3, 1000, 'Bars in the slow exponential moving average.'),
  ],
  requiredTimeframes: () => [],
  rules: [lessThan('fast', 'slow')],
  prepare({ bars, params, series }) {
    const fast = ema(bars.close, num(params, 'fast'), 0, series());
    const slow = ema(bars.close, num(params, 'slow'), 0, series());
    return signalsDecider(firstValid(fast, slow), crossSignals(fast, slow));
  },
};
