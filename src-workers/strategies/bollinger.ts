import { bollinger as bands } from '../indicators/volatility';
import { FLAT, HOLD, LONG, SHORT, firstValid, num, type Strategy } from '../engine/strategy';
import { enumParam, floatParam, intParam } from './params';

/**
 * Two styles on the same bands. Breakout: close above the upper band goes long, below the lower
 * goes short, back to the middle exits. Reversion: the mirror (fade the band, exit at the middle).
 */
export const bollingerStrategy: Strategy = {
  id: 'bollinger',
  name: 'Bollinger bands',
  description: 'Trades closes outside the Bollinger bands, either as a breakout (follow) or a mean reversion (fade); exits at the middle band.',
  version: '1',
  params: [
    intParam('period', 'Period', 20, 2, 500, 'Bars in the middle simple moving average and the standard deviation.'),
    floatParam('k', 'Width (σ)', 2, 0.5, 5, 0.1, 'Band distance from the middle in standard deviations.'),
    enumParam('mode', 'Mode', 'reversion', ['breakout', 'reversion'], 'breakout follows a close outside the band; reversion fades it.'),
  ],
  requiredTimeframes: () => [],
  prepare({ bars, params }) {
    const { upper, lower, middle } = bands(bars.close, num(params, 'period'), num(params, 'k'));
    const close = bars.close;
    const follow = params.mode === 'breakout' ? 1 : -1;
    return {
      warmup: firstValid(middle),
      decide(i, position) {
        const c = close[i];
        if (c > upper[i]) return follow > 0 ? LONG : SHORT;
        if (c < lower[i]) return follow > 0 ? SHORT : LONG;
        // Exit when the close is back across the middle band, against the position's bet.
        const aboveMiddle = c > middle[i];
        if (position === LONG && aboveMiddle !== follow > 0) return FLAT;
        if (position === SHORT && aboveMiddle === follow > 0) return FLAT;
        return HOLD;
      },
    };
  },
};
