import { defineStrategy, sma } from 'barwise';
import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, type ParamValues } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { parseConstraint } from '../../src-shared/optimize/search';
import type { StrategySource } from '../../src-shared/sdk/source';
import { runStrategy } from '../engine/backtest';
import { randomWalkBars } from '../engine/test-bars';
import mySmaCross from '../sdk/fixtures/my-sma-cross';
import { getStrategy, strategyInfo } from '../strategies/registry';
import { loadSource } from '../tasks/strategy-source';
import { runChunk } from './chunk';
import { periodLastBars, periodReturns, returnMoments } from './period-returns';
import { planSearch } from './plan';
import { VARIANT_STATS } from '../../src-shared/optimize/results';
import { objectiveValue } from '../../src-shared/optimize/objective';
import { searchDiagnostics, sharpeOf } from '../../src-shared/optimize/diagnostics';
import type { LoadedStrategy } from '../sdk/loaded';

const bars = randomWalkBars(6_000, 11, 15 * 60_000, Date.UTC(2024, 0, 1), 0.004);

/** A strategy as a user's file is run: evaluated (here: handed over) and marked untrusted, so it gets copies of the bars and of cached series. */
const asUserStrategy = (definition: unknown, id: string): LoadedStrategy => {
  const source: StrategySource = { id, fileName: `strategies/${id}.ts`, code: '/* compiled */', sourceHash: `sha256:${'cd'.repeat(32)}` };
  return loadSource(source, () => definition);
};

function grid(strategy: LoadedStrategy, spec: Record<string, string>): { index: number; params: ParamValues }[] {
  const info = strategyInfo(strategy);
  const space = Object.fromEntries(
    Object.entries(spec).map(([name, text]) => {
      const parts = text.split(':').map(Number);
      return [name, parts.length === 3 ? { kind: 'range' as const, min: parts[0], max: parts[1], step: parts[2] } : { kind: 'values' as const, values: text.split(',') }];
    }),
  );
  return [...planSearch({ params: info.params, rules: info.rules, space, fixed: {}, constraints: [], method: { method: 'grid' } }).variants];
}

function chunk(strategy: LoadedStrategy, variants: { index: number; params: ParamValues }[], on: Bars = bars, extra: Partial<Parameters<typeof runChunk>[1]> = {}) {
  const config = backtestConfigSchema.parse({ strategy: { id: strategy.id }, commission: { fraction: 0.0005 } });
  return runChunk(strategy, { bars: on, higher: {}, config, dataHash: 'h', variants, objective: { statistic: 'sharpe', direction: 'maximize' }, constraints: [], ...extra });
}

/** The single backtest of these parameters, as the Backtests page runs it, reduced to what a variant keeps. */
function single(strategy: LoadedStrategy, params: ParamValues, on: Bars = bars) {
  const config = backtestConfigSchema.parse({ strategy: { id: strategy.id, params }, commission: { fraction: 0.0005 } });
  const run = runStrategy(strategy, { bars: on, config, dataHash: 'h' });
  const returns = periodReturns(run.equity, periodLastBars(run.time, on.timeframeMs));
  return { stats: Object.fromEntries(VARIANT_STATS.map((k) => [k, run.stats[k]])), objective: objectiveValue(run.stats, { statistic: 'sharpe', direction: 'maximize' }), returns: returnMoments(returns) };
}

describe('optimize.chunk', () => {
  const cases: [string, LoadedStrategy, Record<string, string>][] = [
    ['built-in sma-cross', getStrategy('sma-cross'), { fast: '5:30:5', slow: '20:60:10' }],
    ['built-in bollinger (bands: several series per call)', getStrategy('bollinger'), { period: '10:30:10', k: '1.5:2.5:0.5', mode: 'breakout,reversion' }],
    ["the user's my-sma-cross, run as a user strategy", asUserStrategy(mySmaCross, 'my-sma-cross'), { fast: '5:30:5', slow: '20:60:10' }],
  ];
  for (const [name, strategy, spec] of cases) {
    it(`${name}: every grid variant's statistics equal a single backtest of the same parameters`, () => {
      const variants = grid(strategy, spec);
      expect(variants.length).toBeGreaterThan(15);
      const { results, indicators } = chunk(strategy, variants);
      expect(indicators.reused).toBeGreaterThan(0);
      for (const [k, variant] of variants.entries()) {
        const expected = single(strategy, variant.params);
        expect(results[k]).toMatchObject({ index: variant.index, params: variant.params, feasible: true });
        expect(results[k].error).toBeUndefined();
        expect(results[k].stats).toStrictEqual(expected.stats);
        expect(results[k].objective).toBe(expected.objective);
        expect(results[k].returns).toStrictEqual(expected.returns);
        expect(results[k].blocks).toHaveLength(16);
      }
    });
  }

  it('computes each distinct indicator series once: a 100×100 SMA grid computes 200 averages, not 20,000', () => {
    const small = randomWalkBars(400, 3, 60_000);
    const variants = grid(getStrategy('sma-cross'), { fast: '2:101:1', slow: '102:201:1' });
    expect(variants).toHaveLength(10_000);
    expect(chunk(getStrategy('sma-cross'), variants, small).indicators).toEqual({ computed: 200, reused: 19_800 });
    const user = asUserStrategy(mySmaCross, 'my-sma-cross');
    expect(chunk(user, grid(user, { fast: '2:11:1', slow: '12:21:1' }), small).indicators).toEqual({ computed: 20, reused: 180 });
  });

  it("a user strategy that writes into its bars or its series changes only its own run", () => {
    // Adds to the slow average it was given (were the series shared, each run would see the
    // sum of the runs' before it), and writes into its closes, before using them.
    const vandal = defineStrategy({
      name: 'Vandal',
      params: { fast: { type: 'int', default: 10 }, slow: { type: 'int', default: 30 } },
      init: ({ data, params, I }) => {
        const slow = sma(data.close, params.slow);
        for (let i = 0; i < slow.length; i += 2) slow[i] += params.fast / 100;
        data.close[100] = 1e6;
        return { fast: I(sma(data.close, params.fast)), slow: I(slow) };
      },
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
    const strategy = asUserStrategy(vandal, 'vandal');
    const variants = [5, 10, 20, 5, 40].map((fast, index) => ({ index, params: { fast, slow: 50 } }));
    const { results, indicators } = chunk(strategy, variants);
    results.forEach((r, k) => expect(r.stats).toStrictEqual(single(strategy, variants[k].params).stats));
    // sma(slow) is shared (each run gets a copy); sma(fast) of the changed closes never is.
    expect(indicators).toEqual({ computed: 6, reused: 4 });
  });

  it('marks a variant breaking a constraint on statistics infeasible, and goes on past a variant whose run fails', () => {
    const strategy = getStrategy('sma-cross');
    const variants = [
      { index: 0, params: { fast: 10, slow: 30 } },
      { index: 1, params: { fast: 40, slow: 30 } },
      { index: 2, params: { fast: 5, slow: 400 } },
    ];
    const { results } = chunk(strategy, variants, bars, { constraints: [parseConstraint('trades >= 100'), parseConstraint('fast < slow')] });
    expect(results[0].stats.numTrades).toBeGreaterThanOrEqual(100);
    expect(results[0]).toMatchObject({ feasible: true, broken: [] });
    expect(results[1]).toMatchObject({ feasible: false, objective: null, error: { code: 'INVALID_CONFIG', message: expect.stringContaining('fast') } });
    expect(results[2].stats.numTrades).toBeLessThan(100);
    expect(results[2]).toMatchObject({ feasible: false, broken: ['trades >= 100'] });
  });

  it("gives a search's deflated Sharpe ratio and PBO from its variants' results", () => {
    const strategy = getStrategy('sma-cross');
    const { results } = chunk(strategy, grid(strategy, { fast: '5:30:5', slow: '20:60:10' }));
    const diagnostics = searchDiagnostics(results, 'maximize');
    const best = results.reduce((a, b) => ((b.objective ?? -Infinity) > (a.objective ?? -Infinity) ? b : a));
    expect(diagnostics.trials).toBe(results.length);
    expect(diagnostics.bestIndex).toBe(best.index);
    expect(diagnostics.bestSharpe).toBe(sharpeOf(best.returns));
    expect(diagnostics.deflated!.probability).toBeGreaterThanOrEqual(0);
    expect(diagnostics.deflated!.probability).toBeLessThanOrEqual(1);
    expect(diagnostics.deflated!.benchmark).toBeGreaterThan(0);
    expect(diagnostics.pbo!.splits).toHaveLength(12_870);
    expect(diagnostics.pbo!.variants).toBe(results.length);
    expect(searchDiagnostics(results.slice(0, 15), 'maximize').pbo).toBeNull();
    expect(searchDiagnostics(results, 'maximize', 8).pbo!.splits).toHaveLength(70);
  });
});
