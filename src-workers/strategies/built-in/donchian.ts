import { atr, defineStrategy, donchian } from 'barwise';

/**
 * Turtle-style: enter on a close beyond the previous `entry`-bar channel, exit on a close beyond
 * the opposite `exit`-bar channel, with a stop `stopAtr` × ATR from the entry. Risk sizing (the
 * run's sizing `risk`) sizes each entry so that its stop loses that share of equity.
 */
export default defineStrategy({
  name: 'Donchian breakout',
  description: 'Turtle-style channel breakout: enter on a close beyond the prior N-bar high/low, exit on the shorter opposite channel, stop at a multiple of ATR.',
  params: {
    entry: { type: 'int', default: 20, min: 2, max: 500, label: 'Entry channel', description: 'Bars in the breakout channel (previous bars, current excluded).' },
    exit: { type: 'int', default: 10, min: 2, max: 500, label: 'Exit channel', description: 'Bars in the opposite channel that closes the trade.' },
    atrPeriod: { type: 'int', default: 20, min: 2, max: 200, label: 'ATR period', description: 'Bars in the ATR that sizes the stop.' },
    stopAtr: { type: 'float', default: 2, min: 0.5, max: 10, step: 0.5, label: 'Stop (× ATR)', description: 'Stop distance from the entry in multiples of ATR.' },
  },
  rules: [{ kind: 'at-most', left: 'exit', right: 'entry' }],
  init: ({ data, params, I }) => {
    const entry = donchian(data.high, data.low, params.entry);
    const exit = donchian(data.high, data.low, params.exit);
    return {
      entryHigh: I(entry.upper),
      entryLow: I(entry.lower),
      exitHigh: I(exit.upper),
      exitLow: I(exit.lower),
      atr: I(atr(data.high, data.low, data.close, params.atrPeriod)),
    };
  },
  next({ bar, position, buy, sell }, { entryHigh, entryLow, exitHigh, exitLow, atr: range }, { stopAtr }) {
    // The channels of the bars before this one: at(-2).
    if (bar.close > entryHigh.at(-2)) {
      if (!position.isLong) {
        position.close();
        buy({ sl: { distance: stopAtr * range.at(-1) } });
      }
    } else if (bar.close < entryLow.at(-2)) {
      if (!position.isShort) {
        position.close();
        sell({ sl: { distance: stopAtr * range.at(-1) } });
      }
    } else if ((position.isLong && bar.close < exitLow.at(-2)) || (position.isShort && bar.close > exitHigh.at(-2))) position.close();
  },
});
