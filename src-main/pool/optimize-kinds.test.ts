import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestConfigSchema } from '../../src-shared/backtest';
import { allocateBars, BAR_FIELDS } from '../../src-shared/bars/bars';
import { monteCarloSpecSchema, type MonteCarloResult } from '../../src-shared/optimize/montecarlo';
import type { MonteCarloBlocksPart, OptimizeChunkResult, OptimizePlan, OptimizeProposal, Observation } from '../../src-shared/optimize/tasks';
import { randomWalkBars } from '../../src-workers/engine/test-bars';
import { WorkerPool } from './pool';

// The optimizer's task kinds in the production worker (locked down, warmed up), through the real
// pool: a search split into chunks gives the same results on one thread as on two.

const source = randomWalkBars(20_000, 8, 5 * 60_000, Date.UTC(2024, 0, 1), 0.003);
const bars = allocateBars(source.time.length, source.timeframeMs, true);
for (const field of BAR_FIELDS) bars[field].set(source[field]);
const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross' }, commission: { fraction: 0.0002 } });
const params = [
  { name: 'fast', label: 'Fast', type: 'int' as const, default: 10, min: 2, max: 500, step: 1, description: '' },
  { name: 'slow', label: 'Slow', type: 'int' as const, default: 30, min: 3, max: 1000, step: 1, description: '' },
];
const rules = [{ kind: 'less-than' as const, left: 'fast', right: 'slow' }];

let pools: WorkerPool[] = [];
beforeAll(async () => {
  pools = [new WorkerPool({ threads: 1 }), new WorkerPool({ threads: 2 })];
  await Promise.all(pools.map((p) => p.warm()));
}, 120_000);
afterAll(() => Promise.all(pools.map((p) => p.destroy())));

async function search(pool: WorkerPool) {
  const plan = await pool.run<OptimizePlan>('optimize.plan', {
    params,
    rules,
    space: { fast: { kind: 'range', min: 5, max: 40, step: 5 }, slow: { kind: 'range', min: 20, max: 120, step: 20 } },
    fixed: {},
    constraints: [],
    method: { method: 'grid' },
  });
  const size = Math.ceil(plan.variants.length / 4);
  const chunks = [0, 1, 2, 3].map((k) => plan.variants.slice(k * size, (k + 1) * size));
  const answers = await Promise.all(
    chunks.map((variants) =>
      pool.run<OptimizeChunkResult>('optimize.chunk', { bars, higher: {}, config, dataHash: 'h', variants, objective: { statistic: 'sharpe', direction: 'maximize' }, constraints: [{ left: 'trades', op: '>=', right: 5 }] }, { priority: 'batch' }),
    ),
  );
  return { plan, results: answers.flatMap((a) => a.results) };
}

describe('optimizer task kinds through the real pool', () => {
  it('a grid in chunks gives identical results on 1 and 2 threads', async () => {
    const [one, two] = await Promise.all(pools.map(search));
    expect(one.results).toHaveLength(one.plan.variants.length);
    expect(one.results.length).toBeGreaterThan(30);
    expect(two).toStrictEqual(one);
    expect(one.results.map((r) => r.index)).toEqual(one.plan.variants.map((v) => v.index));
  }, 120_000);

  it('Monte Carlo (trades and blocks) and Bayesian proposals give identical results on 1 and 2 threads', async () => {
    const trades = Array.from({ length: 300 }, (_, i) => ({ returnPct: ((i * 131) % 97) / 10 - 4.5 }));
    const mc = (pool: WorkerPool) =>
      pool.run<MonteCarloResult>('montecarlo.trades', { trades, initialEquity: 10_000, durationMs: 3e10, spec: { ...monteCarloSpecSchema.parse({ runs: 400, seed: 2 }), method: 'bootstrap' } });
    const blocksSpec = { ...monteCarloSpecSchema.parse({ runs: 4, seed: 3, method: 'blocks' }), method: 'blocks' as const };
    const blocks = (pool: WorkerPool) =>
      Promise.all([0, 2].map((from) => pool.run<MonteCarloBlocksPart>('montecarlo.blocks', { bars, higher: {}, config, dataHash: 'h', spec: blocksSpec, from, to: from + 2 })));
    const history: Observation[] = [5, 10, 15, 20, 25, 30].map((fast, k) => ({ params: { fast, slow: 60 + 10 * k }, objective: k % 3 === 0 ? null : fast / 10 }));
    const propose = (pool: WorkerPool) =>
      pool.run<OptimizeProposal>('optimize.propose', { params, rules, space: { fast: { kind: 'range', min: 5, max: 50, step: 5 }, slow: { kind: 'range', min: 60, max: 200, step: 10 } }, fixed: {}, constraints: [], direction: 'maximize', history, count: 6, seed: 4, round: 1 });
    const [one, two] = await Promise.all(pools.map((pool) => Promise.all([mc(pool), blocks(pool), propose(pool)])));
    expect(two).toStrictEqual(one);
    expect(one[2].params).toHaveLength(6);
  }, 120_000);

  it('refuses a search naming a parameter the strategy lacks, with its code', async () => {
    await expect(pools[0].run('optimize.plan', { params, rules, space: { fsat: { kind: 'range', min: 1, max: 2, step: 1 } }, fixed: {}, constraints: [], method: { method: 'grid' } })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining("no parameter 'fsat'"),
    });
  });
});
