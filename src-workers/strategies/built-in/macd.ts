import { cross, defineStrategy, macd } from 'barwise';

/** MACD line against its signal line, in the vectorized form. */
export default defineStrategy({
  name: 'MACD signal cross',
  description: 'Long when the MACD line crosses above its signal line, short (or flat) when it crosses below.',
  params: {
    fast: { type: 'int', default: 12, min: 2, max: 200, label: 'Fast EMA', description: 'Bars in the fast EMA of the MACD line.' },
    slow: { type: 'int', default: 26, min: 3, max: 500, label: 'Slow EMA', description: 'Bars in the slow EMA of the MACD line.' },
    signal: { type: 'int', default: 9, min: 2, max: 200, label: 'Signal EMA', description: 'Bars in the EMA of the MACD line that forms the signal line.' },
  },
  rules: [{ kind: 'less-than', left: 'fast', right: 'slow' }],
  init: ({ data, params, I }) => {
    const lines = macd(data.close, params.fast, params.slow, params.signal);
    return { macd: I(lines.macd), signal: I(lines.signal) };
  },
  signals: (_, lines) => cross(lines.macd, lines.signal),
});
