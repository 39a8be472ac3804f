import { defineStrategy, sma } from 'barwise';

/** backtesting.py's SmaCross: long when the fast SMA crosses above the slow one, short on the cross below. */
export default defineStrategy({
  name: 'SMA crossover',
  description: 'Long when the fast simple moving average crosses above the slow one, short (or flat) when it crosses below.',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 500, label: 'Fast period', description: 'Bars in the fast simple moving average.' },
    slow: { type: 'int', default: 30, min: 3, max: 1000, label: 'Slow period', description: 'Bars in the slow simple moving average.' },
  },
  rules: [{ kind: 'less-than', left: 'fast', right: 'slow' }],
  init: ({ data, params, I }) => ({
    fast: I(sma(data.close, params.fast)),
    slow: I(sma(data.close, params.slow)),
  }),
  next({ crossover, position, buy, sell }, { fast, slow }) {
    if (crossover(fast, slow)) {
      position.close();
      buy();
    } else if (crossover(slow, fast)) {
      position.close();
      sell();
    }
  },
});
