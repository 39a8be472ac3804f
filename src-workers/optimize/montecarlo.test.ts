import { describe, expect, it } from 'vitest';
import { backtestConfigSchema } from '../../src-shared/backtest';
import { monteCarloSpecSchema, MONTE_CARLO_PERCENTILES, type MonteCarloSpecInput } from '../../src-shared/optimize/montecarlo';
import { mergeBlocksParts, percentile } from '../../src-shared/optimize/montecarlo-summary';
import { runStrategy } from '../engine/backtest';
import { randomWalkBars } from '../engine/test-bars';
import { getStrategy } from '../strategies/registry';
import { blockBootstrap, monteCarloBlocks } from './montecarlo-blocks';
import { monteCarloTrades, replay } from './montecarlo-trades';
import { seededRandom } from './random';

const YEAR = 365.25 * 86_400_000;
const spec = (input: MonteCarloSpecInput) => monteCarloSpecSchema.parse(input);
/** A run's trades: returns from −6% to +8%, uneven. */
const trades = Array.from({ length: 200 }, (_, i) => ({ returnPct: ((i * 7919) % 141) / 10 - 6 }));
const trade = (method: 'reshuffle' | 'bootstrap', input: MonteCarloSpecInput = {}) =>
  monteCarloTrades({ trades, initialEquity: 10_000, durationMs: 2 * YEAR, spec: { ...spec(input), method } });

describe('Monte Carlo on trades', () => {
  it('the same seed gives the same output; another seed another', () => {
    for (const method of ['reshuffle', 'bootstrap'] as const) {
      expect(trade(method, { seed: 5, runs: 300 })).toStrictEqual(trade(method, { seed: 5, runs: 300 }));
      expect(trade(method, { seed: 6, runs: 300 }).maxDrawdownPct).not.toStrictEqual(trade(method, { seed: 5, runs: 300 }).maxDrawdownPct);
    }
  });

  it('reshuffling keeps every trade once, so the final equity (total P&L compounded) and the trade count; only the path changes', () => {
    const result = trade('reshuffle', { runs: 500, fanPoints: 1_000 });
    const compounded = trades.reduce((e, t) => e * (1 + t.returnPct / 100), 10_000);
    expect(result.finalEquity.original).toBeCloseTo(compounded, 6);
    for (const p of result.finalEquity.percentiles) expect(Math.abs(p / compounded - 1)).toBeLessThan(1e-12);
    // Every step of the path is there: the fan ends at trade 200, as many trades as the run had.
    expect(result.fan.steps.at(-1)).toBe(trades.length);
    expect(result.fan.steps).toHaveLength(trades.length + 1);
    expect(result.maxDrawdownPct.percentiles[0]).toBeLessThan(result.maxDrawdownPct.percentiles[6]);
    expect(result.cagrPct!.percentiles[3]).toBeCloseTo(((compounded / 10_000) ** 0.5 - 1) * 100, 8);
  });

  it('bootstrap percentiles converge on the known distribution: ln(1 + r) = ±0.01 with equal odds gives ln(E/E₀) = 0.01(2B − n), B ~ Binomial(n, ½)', () => {
    const n = 400;
    const up = Math.expm1(0.01) * 100;
    const down = Math.expm1(-0.01) * 100;
    const coin = Array.from({ length: n }, (_, i) => ({ returnPct: i % 2 === 0 ? up : down }));
    const runs = 20_000;
    const result = monteCarloTrades({ trades: coin, initialEquity: 1, durationMs: null, spec: { ...spec({ runs, seed: 3 }), method: 'bootstrap' } });
    // The exact quantiles of B, from its CDF.
    const cdf: number[] = [];
    let logChoose = 0;
    let total = 0;
    for (let b = 0; b <= n; b++) {
      if (b > 0) logChoose += Math.log((n - b + 1) / b);
      total += Math.exp(logChoose - n * Math.LN2);
      cdf.push(total);
    }
    MONTE_CARLO_PERCENTILES.forEach((p, k) => {
      const b = Math.log(result.finalEquity.percentiles[k]) / 0.02 + n / 2;
      const exact = cdf.findIndex((c) => c >= p / 100);
      expect(Math.abs(b - exact), `percentile ${p}`).toBeLessThanOrEqual(1 + 1e-9);
    });
    expect(result.cagrPct).toBeNull();
    expect(result.drawdownThresholdPct).toBe(20);
  });

  it('compounds returns, so no path falls below zero however the trades are ordered', () => {
    const wild = [{ returnPct: -90 }, { returnPct: -90 }, { returnPct: 500 }, { returnPct: 300 }];
    const result = monteCarloTrades({ trades: wild, initialEquity: 100, durationMs: YEAR, spec: { ...spec({ runs: 200 }), method: 'bootstrap' } });
    expect(result.finalEquity.percentiles[0]).toBeGreaterThan(0);
    expect(result.maxDrawdownPct.percentiles[6]).toBeLessThan(100);
    expect(result.probabilityDrawdownBeyondThreshold).toBeGreaterThan(0.5);
    const path = new Float64Array(3);
    const replayed = replay(Float64Array.of(0.1, -0.5, 0.2), 100, [0, 1, 3], path);
    expect(replayed.final).toBeCloseTo(66, 10);
    expect(replayed.drawdown).toBeCloseTo(50, 10);
    [100, 110, 66].forEach((e, k) => expect(path[k]).toBeCloseTo(e, 10));
    expect(() => monteCarloTrades({ trades: [], initialEquity: 100, durationMs: YEAR, spec: { ...spec({}), method: 'reshuffle' } })).toThrow(expect.objectContaining({ code: 'NOT_ENOUGH_DATA' }));
  });

  it('percentiles interpolate linearly between ranks (numpy’s default)', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 2.5)).toBeCloseTo(1.075, 12);
    expect(percentile([7], 97.5)).toBe(7);
  });
});

describe('Monte Carlo on resampled prices (moving-block bootstrap)', () => {
  const bars = randomWalkBars(3_000, 17, 60 * 60_000, Date.UTC(2024, 0, 1), 0.006);
  const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross' } });
  const task = (from: number, to: number, seed = 9) => ({ bars, higher: {}, config, dataHash: 'h', spec: { ...spec({ runs: 6, seed, blockLength: 50 }), method: 'blocks' as const }, from, to });

  it('builds consistent bars from blocks of the real bars’ relative moves', () => {
    const path = blockBootstrap(bars, 50, seededRandom(4));
    const ratios = new Set<string>();
    for (let i = 1; i < bars.close.length; i++) ratios.add((bars.close[i] / bars.close[i - 1]).toPrecision(10));
    for (let i = 1; i < path.close.length; i++) {
      expect(ratios.has((path.close[i] / path.close[i - 1]).toPrecision(10))).toBe(true);
      expect(path.low[i]).toBeLessThanOrEqual(Math.min(path.open[i], path.close[i]) * (1 + 1e-12));
      expect(path.high[i]).toBeGreaterThanOrEqual(Math.max(path.open[i], path.close[i]) * (1 - 1e-12));
    }
    expect([...path.time]).toEqual([...bars.time]);
    expect([...path.close]).not.toEqual([...bars.close]);
  });

  it('re-runs the strategy on each path: seeded, and split over tasks it gives what one task gives', () => {
    const strategy = getStrategy('sma-cross');
    const whole = monteCarloBlocks(strategy, task(0, 6));
    expect(monteCarloBlocks(strategy, task(0, 6))).toStrictEqual(whole);
    expect(monteCarloBlocks(strategy, task(0, 6, 10)).finalEquity).not.toStrictEqual(whole.finalEquity);
    const parts = [monteCarloBlocks(strategy, task(4, 6)), monteCarloBlocks(strategy, task(0, 4))];
    const original = runStrategy(strategy, { bars, config, dataHash: 'h' });
    const rest = { seed: 9, drawdownThresholdPct: 20, original: { finalEquity: original.stats.equityFinal, maxDrawdownPct: original.stats.maxDrawdownPct, cagrPct: original.stats.cagrPct, path: [] } };
    expect(mergeBlocksParts(parts, rest)).toStrictEqual(mergeBlocksParts([whole], rest));
    expect(whole.finalEquity).toHaveLength(6);
    expect(whole.paths[0][0]).toBe(config.cash);
  });
});
