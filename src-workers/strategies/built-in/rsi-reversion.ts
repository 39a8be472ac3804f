import { defineStrategy, rsi } from 'barwise';

/** Buy oversold, sell overbought; exit when RSI crosses back through the exit level. */
export default defineStrategy({
  name: 'RSI mean reversion',
  description: 'Long when RSI falls below the oversold level, short when it rises above the overbought level; exits when RSI crosses the exit level.',
  params: {
    period: { type: 'int', default: 14, min: 2, max: 200, label: 'RSI period', description: 'Bars in the RSI (Wilder smoothing).' },
    oversold: { type: 'int', default: 30, min: 1, max: 49, label: 'Oversold', description: 'RSI below this opens a long.' },
    overbought: { type: 'int', default: 70, min: 51, max: 99, label: 'Overbought', description: 'RSI above this opens a short.' },
    exit: { type: 'int', default: 50, min: 1, max: 99, label: 'Exit level', description: 'A long exits when RSI rises above this; a short when it falls below.' },
  },
  rules: [
    { kind: 'less-than', left: 'oversold', right: 'exit' },
    { kind: 'less-than', left: 'exit', right: 'overbought' },
  ],
  init: ({ data, params, I }) => ({ rsi: I(rsi(data.close, params.period)) }),
  next({ position, buy, sell }, { rsi: strength }, { oversold, overbought, exit }) {
    const r = strength.at(-1);
    if (r < oversold) {
      if (!position.isLong) {
        position.close();
        buy();
      }
    } else if (r > overbought) {
      if (!position.isShort) {
        position.close();
        sell();
      }
    } else if ((position.isLong && r > exit) || (position.isShort && r < exit)) position.close();
  },
});
