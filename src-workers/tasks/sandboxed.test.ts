import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { transform } from 'sucrase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestConfigSchema } from '../../src-shared/backtest';
import type { StrategySource } from '../../src-shared/sdk/source';
import { runBacktest } from '../engine/backtest';
import { randomWalkBars } from '../engine/test-bars';
import type { StrategyCheckReport, StrategyDescription } from './strategy-tasks';

/**
 * User strategies as the app runs them: a TypeScript file compiled by sucrase as main compiles
 * it, sent to a locked-down worker, evaluated in the sandbox, run by the task kinds.
 */

/** The example, as a user saves it (fixtures/my-sma-cross.ts has the same text). */
const MY_SMA_CROSS = `import { defineStrategy, sma } from 'barwise';

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

function compile(ts: string, fileName: string): StrategySource {
  return {
    id: fileName.replace(/^.*\//, '').replace(/\.ts$/, ''),
    fileName,
    code: transform(ts, { transforms: ['typescript', 'imports'] }).code,
    sourceHash: createHash('sha256').update(ts).digest('hex'),
  };
}

let worker: Worker;
beforeAll(async () => {
  const entry = new URL('./fixtures/sandboxed-worker.ts', import.meta.url).href;
  // Node 20 does not apply `--import tsx` to a Worker's own entry: register tsx inside it.
  worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}, 60_000);
afterAll(() => worker?.terminate());

function run<T>(kind: string, payload: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: { ok: boolean; value: T; error: { code: string; message: string } }) =>
      answer.ok ? resolve(answer.value) : reject(Object.assign(new Error(answer.error.message), answer.error)),
    );
    worker.postMessage({ kind, payload });
  });
}

const bars = randomWalkBars(20_000, 5, 60_000);

describe('a user strategy in a locked-down worker', () => {
  it("my-sma-cross, compiled and sandboxed, gives the built-in sma-cross's statistics and trades bit for bit", async () => {
    const source = compile(MY_SMA_CROSS, 'strategies/my-sma-cross.ts');
    for (const overrides of [{}, { strategy: { id: 'x', params: { fast: 5, slow: 40 } }, commission: { fraction: 0.001, fixed: 1 }, direction: 'long-only' as const }]) {
      const params = overrides.strategy?.params ?? {};
      const config = backtestConfigSchema.parse({ ...overrides, strategy: { id: 'my-sma-cross', params } });
      const user = JSON.parse(await run<string>('backtest', { bars, higher: {}, config, dataHash: 'h', source }));
      const builtIn = runBacktest({ bars, config: backtestConfigSchema.parse({ ...overrides, strategy: { id: 'sma-cross', params } }), dataHash: 'h' });
      expect(user.stats).toStrictEqual(JSON.parse(JSON.stringify(builtIn.stats)));
      expect(user.trades).toStrictEqual(JSON.parse(JSON.stringify(builtIn.trades)));
      expect(user.provenance).toMatchObject({ strategyId: 'my-sma-cross', sourceHash: source.sourceHash, strategyVersion: source.sourceHash.slice(0, 12) });
    }
  });

  it('describes it and checks it for look-ahead', async () => {
    const source = compile(MY_SMA_CROSS, 'strategies/my-sma-cross.ts');
    const description = await run<StrategyDescription>('strategy.describe', { source });
    expect(description).toMatchObject({ name: 'My SMA cross', hasNext: true, hasSignals: false, higherTimeframes: [] });
    const report = await run<StrategyCheckReport>('strategy.check', { source });
    expect(report).toMatchObject({ passed: true, findings: [] });
    expect(report.decisions).toBeGreaterThan(10);
  });

  it("names the user's file and line: an exception in next, a read of a later bar, a look-ahead the check finds", async () => {
    const throwing = compile(
      `import { defineStrategy } from 'barwise';

export default defineStrategy({
  name: 'Throws',
  next({ bar }) {
    if (bar.index === 50) throw new Error('boom');
  },
});
`,
      'strategies/throws.ts',
    );
    const config = backtestConfigSchema.parse({ strategy: { id: 'throws' } });
    await expect(run('backtest', { bars, higher: {}, config, dataHash: 'h', source: throwing })).rejects.toMatchObject({
      code: 'STRATEGY_ERROR',
      message: 'strategies/throws.ts:6: next threw at bar 50: Error: boom',
    });

    const peeking = compile(
      `import { defineStrategy, sma } from 'barwise';

export default defineStrategy({
  name: 'Peeks',
  init: ({ data, I }) => ({ average: I(sma(data.close, 5)), close: data.close }),
  next({ bar, buy, sell }, { average, close }) {
    if (close[bar.index + 1] > average.at(-1)) buy();
    else sell();
  },
});
`,
      'strategies/peeks.ts',
    );
    const report = await run<StrategyCheckReport>('strategy.check', { source: peeking });
    expect(report.passed).toBe(false);
    expect(report.findings[0]).toMatchObject({ message: expect.stringMatching(/depends on later bars/) });
    expect([7, 8]).toContain(report.findings[0].line);

    const offset = compile(
      `import { defineStrategy, sma } from 'barwise';
export default defineStrategy({
  name: 'Offset',
  init: ({ data, I }) => ({ average: I(sma(data.close, 5)) }),
  next({ buy }, { average }) {
    if (average.at(average.length) > 0) buy();
  },
});
`,
      'strategies/offset.ts',
    );
    await expect(run('backtest', { bars, higher: {}, config: backtestConfigSchema.parse({ strategy: { id: 'offset' } }), dataHash: 'h', source: offset })).rejects.toMatchObject({
      code: 'LOOK_AHEAD',
      message: expect.stringMatching(/^strategies\/offset\.ts:6: average\.at\(\d+\) at bar \d+ reads bar \d+/),
    });
  });

  it('refuses a module that is not a strategy, and a declaration that is wrong, naming the line', async () => {
    const notOne = compile(`export default { name: 'x' };\n`, 'strategies/not-one.ts');
    await expect(run('strategy.describe', { source: notOne })).rejects.toMatchObject({ code: 'STRATEGY_INVALID', message: expect.stringContaining('the default export is not a strategy') });
    const wrong = compile(
      `import { defineStrategy } from 'barwise';

export default defineStrategy({
  name: 'Wrong',
  params: { fast: { type: 'int', default: 600, max: 500 } },
  next() {},
});
`,
      'strategies/wrong.ts',
    );
    await expect(run('strategy.describe', { source: wrong })).rejects.toMatchObject({
      code: 'STRATEGY_INVALID',
      message: "strategies/wrong.ts:3: strategy 'Wrong': params.fast.default (600) must be at most params.fast.max (500)",
    });
  });
});
