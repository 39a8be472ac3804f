import { atr, defineStrategy, donchian } from 'barwise';

/**
 * Example 3, a Donchian breakout with risk sizing: buy a close above the highest high of the
 * bars before; size the order so that its stop, a multiple of ATR below, loses `riskPct` percent
 * of equity; sell a close below the lowest low of a shorter channel.
 */
export default defineStrategy({
  name: 'Donchian breakout, risk-sized',
  description: 'Channel breakout, long only, each entry sized to risk a fixed share of equity at its ATR stop.',
  params: {
    entry: { type: 'int', default: 20, min: 2, max: 200, description: 'Bars in the breakout channel.' },
    exit: { type: 'int', default: 10, min: 2, max: 200, description: 'Bars in the exit channel.' },
    atrPeriod: { type: 'int', default: 14, min: 2, max: 100, description: 'Bars in the ATR.' },
    stopAtr: { type: 'float', default: 2, min: 0.5, max: 10, step: 0.5, description: 'Stop distance in multiples of ATR.' },
    riskPct: { type: 'float', default: 1, min: 0.1, max: 10, step: 0.1, description: 'Percent of equity each trade risks.' },
  },
  rules: [{ kind: 'at-most', left: 'exit', right: 'entry' }],
  init: ({ data, params, I }) => ({
    high: I(donchian(data.high, data.low, params.entry).upper, { name: 'entry high' }),
    low: I(donchian(data.high, data.low, params.exit).lower, { name: 'exit low' }),
    atr: I(atr(data.high, data.low, data.close, params.atrPeriod)),
  }),
  next({ bar, position, buy }, { high, low, atr: range }, { stopAtr, riskPct }) {
    // The channels of the bars before this one: at(-2).
    if (!position.isLong && bar.close > high.at(-2)) {
      buy({ size: { riskPct }, sl: { distance: stopAtr * range.at(-1) }, tag: 'breakout' });
    } else if (position.isLong && bar.close < low.at(-2)) position.close();
  },
});
