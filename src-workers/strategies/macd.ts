import { lessThan } from '../../src-shared/param-rules';
import { macd as macdLines } from '../indicators/oscillators';
import { firstValid, num, type Strategy } from '../engine/strategy';
import { crossSignals, signalsDecider } from '../engine/signals';
import { intParam } from './params';

export const macdStrategy: Strategy = {
  id: 'macd',
  name: 'MACD signal cross',
  description: 'Long when the MACD line crosses above its signal line, short (or flat) when it crosses below.',
  version: '1',
  params: [
    intParam('fast', 'Fast EMA', 12, 2, 200, 'Bars in the fast EMA of the MACD line.'),
    intParam('slow', 'Slow EMA', 26, 3, 500, 'Bars in the slow EMA of the MACD line.'),
    intParam('signal', 'Signal EMA', 9, 2, 200, 'Bars in the EMA of the MACD line that forms the signal line.'),
  ],
  requiredTimeframes: () => [],
  rules: [lessThan('fast', 'slow')],
  prepare({ bars, params }) {
    const { macd, signal } = macdLines(bars.close, num(params, 'fast'), num(params, 'slow'), num(params, 'signal'));
    return signalsDecider(firstValid(macd, signal), crossSignals(macd, signal));
  },
};
