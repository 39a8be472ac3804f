import { defineStrategy, sma } from 'barwise';

export default defineStrategy({
  name: 'Moving-average crossover',
  description: 'Long when the fast simple moving average crosses above the slow one, short when it crosses below.',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 500, description: 'Bars in the fast moving average.' },
    slow: { type: 'int', default: 30, min: 3, max: 1000, description: 'Bars in the slow moving average.' },
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
