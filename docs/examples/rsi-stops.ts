import { defineStrategy, rsi } from 'barwise';

/**
 * Example 2, RSI with a stop-loss and a take-profit: buy when RSI is oversold; the order's own
 * stop-loss and take-profit, a percent below and above its fill, close the trade.
 */
export default defineStrategy({
  name: 'RSI dip with stops',
  description: 'Buys an oversold RSI with a stop-loss and a take-profit on the order.',
  params: {
    period: { type: 'int', default: 14, min: 2, max: 100, description: 'Bars in the RSI.' },
    oversold: { type: 'float', default: 30, min: 1, max: 50, step: 1, description: 'RSI below this buys.' },
    stopPct: { type: 'float', default: 2, min: 0.1, max: 20, step: 0.1, description: 'Stop-loss, in percent below the fill.' },
    targetPct: { type: 'float', default: 4, min: 0.1, max: 50, step: 0.1, description: 'Take-profit, in percent above the fill.' },
  },
  init: ({ data, params, I }) => ({ rsi: I(rsi(data.close, params.period)) }),
  next({ position, buy }, indicators, { oversold, stopPct, targetPct }) {
    if (!position.isLong && indicators.rsi.at(-1) < oversold) {
      buy({ sl: { percent: stopPct }, tp: { percent: targetPct }, tag: 'oversold' });
    }
  },
});
