import { lessThan } from '../../src-shared/param-rules';
import { rsi } from '../indicators/oscillators';
import { FLAT, HOLD, LONG, SHORT, firstValid, num, type Strategy } from '../engine/strategy';
import { intParam } from './params';

/** Buy oversold, sell overbought; exit when RSI crosses back through the middle level. */
export const rsiReversion: Strategy = {
  id: 'rsi-reversion',
  name: 'RSI mean reversion',
  description: 'Long when RSI falls below the oversold level, short when it rises above the overbought level; exits when RSI crosses the exit level.',
  version: '1',
  params: [
    intParam('period', 'RSI period', 14, 2, 200, 'Bars in the RSI (Wilder smoothing).'),
    intParam('oversold', 'Oversold', 30, 1, 49, 'RSI below this opens a long.'),
    intParam('overbought', 'Overbought', 70, 51, 99, 'RSI above this opens a short.'),
    intParam('exit', 'Exit level', 50, 1, 99, 'A long exits when RSI rises above this; a short when it falls below.'),
  ],
  requiredTimeframes: () => [],
  rules: [lessThan('oversold', 'exit'), lessThan('exit', 'overbought')],
  prepare({ bars, params }) {
    const value = rsi(bars.close, num(params, 'period'));
    const [low, exit, high] = [num(params, 'oversold'), num(params, 'exit'), num(params, 'overbought')];
    return {
      warmup: firstValid(value),
      decide(i, position) {
        const r = value[i];
        if (r < low) return LONG;
        if (r > high) return SHORT;
        if ((position === LONG && r > exit) || (position === SHORT && r < exit)) return FLAT;
        return HOLD;
      },
    };
  },
};
