import { defineStrategy, sma } from 'barwise';

// A strategy file imports only from 'barwise'. docs/engine.md, "Writing a strategy", is the guide.
export default defineStrategy({
  name: 'My strategy',
  description: 'What the strategy does, in a sentence.',
  params: {
    period: { type: 'int', default: 20, min: 2, max: 500, description: 'Bars in the moving average.' },
  },
  // Runs once: compute every series here. I(...) declares it: next() sees it up to the current
  // bar only, the warm-up waits for its first value, and the price chart draws it.
  init: ({ data, params, I }) => ({
    average: I(sma(data.close, params.period)),
  }),
  // Runs once per bar, in order, after the warm-up. average.at(-1) is this bar's value and
  // average.at(-2) the bar before; ctx.buy(), ctx.sell() and ctx.position.close() place orders.
  next(ctx, { average }) {
    // For example, long while the close is above the average:
    // if (!ctx.position.isLong && ctx.bar.close > average.at(-1)) ctx.buy();
    // else if (ctx.position.isLong && ctx.bar.close < average.at(-1)) ctx.position.close();
  },
});
