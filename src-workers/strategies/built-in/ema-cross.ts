import { cross, defineStrategy, ema } from 'barwise';

/** The crossover on exponential averages, in the vectorized form: a target for every bar at once. */
export default defineStrategy({
  name: 'EMA crossover',
  description: 'Long when the fast exponential moving average crosses above the slow one, short (or flat) when it crosses below.',
  params: {
    fast: { type: 'int', default: 12, min: 2, max: 500, label: 'Fast period', description: 'Bars in the fast exponential moving average.' },
    slow: { type: 'int', default: 26, min: 3, max: 1000, label: 'Slow period', description: 'Bars in the slow exponential moving average.' },
  },
  rules: [{ kind: 'less-than', left: 'fast', right: 'slow' }],
  init: ({ data, params, I }) => ({
    fast: I(ema(data.close, params.fast)),
    slow: I(ema(data.close, params.slow)),
  }),
  signals: (_, { fast, slow }) => cross(fast, slow),
});
