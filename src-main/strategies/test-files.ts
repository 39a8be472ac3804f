/** Strategy files for the tests, as a trader would save them. */

/** The example, unchanged: it must give the built-in sma-cross's results bit for bit. */
export const MY_SMA_CROSS = `import { defineStrategy, sma } from 'barwise';

export default defineStrategy({
  name: 'My SMA cross',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 500 },
    slow: { type: 'int', default: 30, min: 3, max: 1000 },
  },
  init: ({ data, params, I }) => ({
    fast: I(sma(data.close, params.fast)),
    slow: I(sma(data.close, params.slow)),
  }),
  next({ crossover, position, buy, sell }, { fast, slow }) {
    if (crossover(fast, slow)) { position.close(); buy(); }
    else if (crossover(slow, fast)) { position.close(); sell(); }
  },
});
`;

/**
 * Decides on the next bar's close, computed in init (which sees every bar): no single read of a
 * later bar that the SDK could refuse, so only the look-ahead check finds it.
 */
export const PEEKING = `import { defineStrategy } from 'barwise';

export default defineStrategy({
  name: 'Peeks at tomorrow',
  init: ({ data, I }) => {
    const tomorrow = new Float64Array(data.close.length).fill(NaN);
    for (let i = 0; i + 1 < data.close.length; i++) tomorrow[i] = data.close[i + 1];
    tomorrow[data.close.length - 1] = data.close[data.close.length - 1];
    return { tomorrow: I(tomorrow) };
  },
  next({ bar, position, buy }, { tomorrow }) {
    if (tomorrow.at(-1) > bar.close) { if (!position.isLong) buy(); }
    else if (position.isLong) position.close();
  },
});
`;

/** Throws in next at line 6. */
export const THROWS = `import { defineStrategy } from 'barwise';

export default defineStrategy({
  name: 'Throws',
  next({ bar }) {
    if (bar.index > 40) throw new Error('boom at ' + bar.index);
  },
});
`;

/** A module that is not a strategy. */
export const NOT_A_STRATEGY = `export default 42;\n`;

/** A syntax error at line 5, column 16. */
export const SYNTAX_ERROR = `import { defineStrategy } from 'barwise';

export default defineStrategy({
  name: 'Broken',
  next() { if (;
});
`;

/** Never returns from next: only the time limit for strategy code stops it. */
export const FOREVER = `import { defineStrategy } from 'barwise';

export default defineStrategy({
  name: 'Forever',
  next() {
    for (;;) {}
  },
});
`;
