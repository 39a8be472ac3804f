import { atMost } from '../../src-shared/param-rules';
import { donchian as channel } from '../indicators/channels';
import { atr } from '../indicators/volatility';
import { FLAT, HOLD, LONG, SHORT, firstValid, num, type Strategy } from '../engine/strategy';
import { floatParam, intParam } from './params';

/**
 * Turtle-style: enter on a close beyond the previous `entry`-bar channel, exit on a close beyond
 * the opposite `exit`-bar channel, with a stop `stopAtr` × ATR from the entry.
 */
export const donchianStrategy: Strategy = {
  id: 'donchian',
  name: 'Donchian breakout',
  description: 'Turtle-style channel breakout: enter on a close beyond the prior N-bar high/low, exit on the shorter opposite channel, stop at a multiple of ATR.',
  version: '1',
  params: [
    intParam('entry', 'Entry channel', 20, 2, 500, 'Bars in the breakout channel (previous bars, current excluded).'),
    intParam('exit', 'Exit channel', 10, 2, 500, 'Bars in the opposite channel that closes the trade.'),
    intParam('atrPeriod', 'ATR period', 20, 2, 200, 'Bars in the ATR that sizes the stop.'),
    floatParam('stopAtr', 'Stop (× ATR)', 2, 0.5, 10, 0.5, 'Stop distance from the entry in multiples of ATR.'),
  ],
  requiredTimeframes: () => [],
  rules: [atMost('exit', 'entry')],
  prepare({ bars, params }) {
    const entry = channel(bars.high, bars.low, num(params, 'entry'));
    const exit = channel(bars.high, bars.low, num(params, 'exit'));
    const range = atr(bars.high, bars.low, bars.close, num(params, 'atrPeriod'));
    const stopAtr = num(params, 'stopAtr');
    const close = bars.close;
    return {
      // decide reads the channels at i − 1 (the bars before i); the engine starts at warmup + 1.
      warmup: firstValid(entry.upper, exit.upper, range),
      decide(i, position) {
        const c = close[i];
        if (c > entry.upper[i - 1]) return LONG;
        if (c < entry.lower[i - 1]) return SHORT;
        if ((position === LONG && c < exit.lower[i - 1]) || (position === SHORT && c > exit.upper[i - 1])) return FLAT;
        return HOLD;
      },
      stopDistance: (i) => stopAtr * range[i],
    };
  },
};
