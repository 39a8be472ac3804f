import { defineStrategy } from 'barwise';
import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, timeframeMs } from '../../src-shared/backtest';
import type { StrategySource } from '../../src-shared/sdk/source';
import { randomWalkBars, resample } from '../engine/test-bars';
import mySmaCross from '../sdk/fixtures/my-sma-cross';
import { getStrategy } from '../strategies/registry';
import { backtestTask } from './backtest';
import { createTaskContext } from './context';
import { checkStrategyTask } from './strategy-check';
import { describeStrategyTask } from './strategy-describe';
import type { EvaluateModule } from './strategy-source';

/**
 * The task kinds a user strategy goes through, with the sandbox's evaluation stood in for by a
 * function that hands back a definition written in TypeScript (no user code is evaluated here;
 * the sandbox's own tests evaluate real compiled files).
 */
const source = (id: string): StrategySource => ({ id, fileName: `strategies/${id}.ts`, code: '/* compiled */', sourceHash: `sha256:${'ab'.repeat(32)}` });
const evaluating = (exported: unknown): EvaluateModule => () => exported;

function context(cancelled = false) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  if (cancelled) Atomics.store(flag, 0, 1);
  return createTaskContext({ seq: 1, cancelFlag: flag, progressIntervalMs: 100, post: () => undefined, shared: new Map() });
}

const bars = randomWalkBars(5_000, 21, 15 * 60_000);

describe('backtest with a source', () => {
  it("runs the user's module and records its source hash; the same run as the built-in it copies", () => {
    const run = backtestTask(evaluating(mySmaCross));
    const config = backtestConfigSchema.parse({ strategy: { id: 'my-sma-cross', params: { fast: 7 } } });
    const result = run({ bars, higher: {}, config, dataHash: 'h', source: source('my-sma-cross') }, context());
    expect(result.provenance).toMatchObject({ strategyId: 'my-sma-cross', strategyVersion: 'abababababab', sourceHash: `sha256:${'ab'.repeat(32)}`, params: { fast: 7, slow: 30 } });
    const builtIn = backtestTask(evaluating(undefined))({ bars, higher: {}, config: backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: 7 } } }), dataHash: 'h' }, context());
    expect(builtIn.provenance.sourceHash).toBeUndefined();
    expect(JSON.stringify(result.trades)).toBe(JSON.stringify(builtIn.trades));
    expect(result.stats).toStrictEqual(builtIn.stats);
  });

  it('refuses a source that is not one, a module that is not a strategy, and a config naming another strategy', () => {
    const config = backtestConfigSchema.parse({ strategy: { id: 'x' } });
    const run = (exported: unknown, sent: unknown) => backtestTask(evaluating(exported))({ bars, higher: {}, config, dataHash: 'h', source: sent as StrategySource }, context());
    expect(() => run(mySmaCross, { id: 'x', fileName: 'strategies/x.ts', sourceHash: 'h' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('source.code') }));
    expect(() => run({ default: mySmaCross }, source('x'))).toThrow(
      expect.objectContaining({ code: 'STRATEGY_INVALID', message: 'strategies/x.ts: the default export is not a strategy: end the file with export default defineStrategy({ name, params, init, next })' }),
    );
    expect(() => run(mySmaCross, source('y'))).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining("config.strategy.id 'x' is not the id of the strategy sent ('y')") }));
  });
});

describe('strategy.describe', () => {
  it("gives the form what it needs: parameters (labels default to their names), rules, timeframes, the forms it is written in", () => {
    const described = describeStrategyTask(evaluating(mySmaCross))({ source: source('my-sma-cross') });
    expect(described).toEqual({
      name: 'My SMA cross',
      description: '',
      params: [
        { name: 'fast', label: 'fast', description: '', type: 'int', default: 10, min: 2, max: 500, step: 1 },
        { name: 'slow', label: 'slow', description: '', type: 'int', default: 30, min: 3, max: 1000, step: 1 },
      ],
      rules: [],
      higherTimeframes: [],
      hasNext: true,
      hasSignals: false,
    });
  });

  it('names the higher timeframes the parameters ask for', () => {
    const describeTrend = describeStrategyTask(evaluating(getStrategy('mtf-ema-trend').definition));
    expect(describeTrend({ source: source('trend') }).higherTimeframes).toEqual(['4h']);
    expect(describeTrend({ source: source('trend'), params: { trendTimeframe: '1d' } }).higherTimeframes).toEqual(['1d']);
    expect(() => describeTrend({ source: source('trend'), params: { trendTimeframe: '2h' } })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('strategy.check', () => {
  it('passes a strategy that decides from the bars up to the current one', () => {
    const report = checkStrategyTask(evaluating(mySmaCross))({ source: source('my-sma-cross') }, context());
    expect(report.passed).toBe(true);
    expect(report.findings).toEqual([]);
    expect(report.decisions).toBeGreaterThan(10);
  });

  it('fails one that reads a later bar, saying where', () => {
    const peeking = defineStrategy({
      name: 'Peeking',
      init: ({ data }) => ({ close: data.close }),
      next: ({ bar, buy, sell }, { close }) => (close[bar.index + 1] > bar.close ? buy() : sell()),
    });
    const report = checkStrategyTask(evaluating(peeking))({ source: source('peeking') }, context());
    expect(report.passed).toBe(false);
    expect(report.findings[0].message).toMatch(/depends on later bars/);
  });

  it('stops when the task is cancelled', () => {
    expect(() => checkStrategyTask(evaluating(mySmaCross))({ source: source('my-sma-cross') }, context(true))).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });
});

describe('a multi-timeframe user strategy runs with the higher bars main sends', () => {
  it('mtf-ema-trend as a user file', () => {
    const config = backtestConfigSchema.parse({ strategy: { id: 'trend' } });
    const higher = { '4h': resample(bars, timeframeMs('4h')) };
    const result = backtestTask(evaluating(getStrategy('mtf-ema-trend').definition))({ bars, higher, config, dataHash: 'h', source: source('trend') }, context());
    expect(result.stats.numTrades).toBeGreaterThan(0);
  });
});
