import { bbands, defineStrategy } from 'barwise';

/**
 * Two styles on the same bands. Breakout: a close above the upper band goes long, below the lower
 * goes short, back across the middle exits. Reversion: the mirror (fade the band, exit at the middle).
 */
export default defineStrategy({
  name: 'Bollinger bands',
  description: 'Trades closes outside the Bollinger bands, either as a breakout (follow) or a mean reversion (fade); exits at the middle band.',
  params: {
    period: { type: 'int', default: 20, min: 2, max: 500, label: 'Period', description: 'Bars in the middle simple moving average and the standard deviation.' },
    k: { type: 'float', default: 2, min: 0.5, max: 5, step: 0.1, label: 'Width (σ)', description: 'Band distance from the middle in standard deviations.' },
    mode: {
      type: 'enum',
      options: ['breakout', 'reversion'],
      default: 'reversion',
      label: 'Mode',
      description: 'breakout follows a close outside the band; reversion fades it.',
    },
  },
  init: ({ data, params, I }) => {
    const { upper, middle, lower } = bbands(data.close, params.period, params.k);
    return { upper: I(upper), middle: I(middle), lower: I(lower) };
  },
  next({ bar, position, buy, sell }, { upper, middle, lower }, { mode }) {
    const follow = mode === 'breakout';
    // +1 to be long, −1 to be short, 0 inside the bands.
    const side = bar.close > upper.at(-1) ? (follow ? 1 : -1) : bar.close < lower.at(-1) ? (follow ? -1 : 1) : 0;
    if (side > 0) {
      if (!position.isLong) {
        position.close();
        buy();
      }
    } else if (side < 0) {
      if (!position.isShort) {
        position.close();
        sell();
      }
    } else {
      // Back across the middle band, against the position's bet.
      const aboveMiddle = bar.close > middle.at(-1);
      if ((position.isLong && aboveMiddle !== follow) || (position.isShort && aboveMiddle === follow)) position.close();
    }
  },
});
