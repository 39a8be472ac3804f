import { defineStrategy, ema } from 'barwise';

/**
 * Example 1, a crossover (docs/engine.md, "Writing a strategy"): long while the fast EMA is
 * above the slow one, flat otherwise.
 */
export default defineStrategy({
  name: 'EMA crossover, long only',
  description: 'Buys when the fast EMA crosses above the slow one; sells when it crosses back below.',
  params: {
    fast: { type: 'int', default: 12, min: 2, max: 200, description: 'Bars in the fast EMA.' },
    slow: { type: 'int', default: 26, min: 3, max: 500, description: 'Bars in the slow EMA.' },
  },
  rules: [{ kind: 'less-than', left: 'fast', right: 'slow' }],
  init: ({ data, params, I }) => ({
    fast: I(ema(data.close, params.fast)),
    slow: I(ema(data.close, params.slow)),
  }),
  next({ crossover, position, buy }, { fast, slow }) {
    if (crossover(fast, slow) && !position.isLong) buy({ tag: 'trend up' });
    else if (crossover(slow, fast)) position.close();
  },
});
