import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import { runBacktest } from './backtest';
import { randomWalkBars } from './test-bars';
import { FLAT, LONG, SHORT, runScripted, type Target } from './test-strategy';
import { tradeStats } from './stats';
import { tradeTableOf } from './trade-log';
import { ENGINE_VERSION } from './version';

const configArbitrary: fc.Arbitrary<Partial<BacktestConfigInput>> = fc.record({
  commission: fc.record({ fraction: fc.constantFrom(0, 0.0005, 0.002), fixed: fc.constantFrom(0, 1) }),
  slippage: fc.constantFrom(
    { kind: 'none' as const },
    { kind: 'fraction' as const, fraction: 0.001 },
    { kind: 'ticks' as const, ticks: 1, tickSize: 0.01 },
  ),
  spread: fc.constantFrom(0, 0.001),
  sizing: fc.constantFrom(
    { kind: 'equity-fraction' as const, fraction: 0.9999 },
    { kind: 'equity-fraction' as const, fraction: 0.3 },
    { kind: 'fixed-quantity' as const, quantity: 7 },
    { kind: 'fixed-cash' as const, amount: 2500 },
    { kind: 'risk' as const, riskPct: 2 },
  ),
  fractionalUnits: fc.boolean(),
  direction: fc.constantFrom('long-only' as const, 'short-only' as const, 'both' as const),
  leverage: fc.constantFrom(1, 3),
  tradeOnClose: fc.boolean(),
  stopLoss: fc.constantFrom({ kind: 'percent' as const, percent: 0.5 }, { kind: 'atr' as const, multiple: 2, period: 14 }),
  takeProfit: fc.constantFrom({ kind: 'none' as const }, { kind: 'percent' as const, percent: 1 }),
  trailingStop: fc.constantFrom({ kind: 'none' as const }, { kind: 'percent' as const, percent: 0.7 }),
});

const targetsArbitrary = fc.array(fc.constantFrom<Target | undefined>(LONG, SHORT, FLAT, undefined, undefined, undefined), {
  minLength: 50,
  maxLength: 400,
});

/**
 * Cash + position value at bar i's close, rebuilt from the trades alone: closed trades (exit bar
 * ≤ i, the end-of-data close included) add their net P&L; an open one adds its mark-to-market
 * minus the entry commission already paid.
 */
function equityFromTrades(result: BacktestResult, close: Float64Array, i: number): number {
  let equity = result.config.cash;
  for (const t of result.trades) {
    if (t.exitBar <= i) equity += t.pnl;
    else if (t.entryBar <= i) equity += (t.side === 'long' ? 1 : -1) * t.size * (close[i] - t.entryPrice) - entryCommission(t, result);
  }
  return equity;
}

describe('accounting properties (fast-check)', () => {
  it('Σ trade P&L = final equity − initial cash (1e-9 relative); drawdown within [0, 100]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), targetsArbitrary, configArbitrary, (seed, targets, overrides) => {
        const bars = randomWalkBars(targets.length, seed, 3_600_000);
        const r = runScripted(bars, targets, overrides);
        const sum = r.trades.reduce((a, t) => a + t.pnl, 0);
        expect(Math.abs(sum - (r.stats.equityFinal - r.config.cash))).toBeLessThanOrEqual(1e-9 * r.config.cash);
        expect(r.stats.maxDrawdownPct).toBeGreaterThanOrEqual(0);
        expect(r.stats.maxDrawdownPct).toBeLessThanOrEqual(100);
        for (const d of r.drawdownPct) expect(d >= 0 && d <= 100).toBe(true);
        expect(Math.abs(r.stats.commissionsPaid - r.trades.reduce((a, t) => a + t.commission, 0))).toBeLessThanOrEqual(1e-9 * r.config.cash);
      }),
      { numRuns: 200 },
    );
  });

  it('equity = cash + position value at every bar (rebuilt independently from the trades)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), targetsArbitrary, configArbitrary, (seed, targets, overrides) => {
        const bars = randomWalkBars(targets.length, seed, 3_600_000);
        const r = runScripted(bars, targets, overrides);
        for (let i = 0; i < bars.close.length; i++) {
          const expected = equityFromTrades(r, bars.close, i);
          expect(Math.abs(r.equity[i] - expected)).toBeLessThanOrEqual(1e-9 * r.config.cash);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every trade and account state when a run outgrows the rows reserved for them', () => {
    // A reversal on every bar: ~1,000 trades and account states, against 64 trade rows and 128
    // state rows reserved for 1,000 bars of a strategy without signals (each log doubles 4 times).
    const bars = randomWalkBars(1_000, 11, 60_000);
    const targets = Array.from({ length: 1_000 }, (_, i) => (i % 2 === 0 ? LONG : SHORT));
    const r = runScripted(bars, targets, { commission: { fraction: 0.001, fixed: 1 }, fractionalUnits: true });
    expect(r.trades).toHaveLength(999);
    // Each decision fills at the next open; the last position is closed at the last close.
    for (let k = 0; k < r.trades.length; k++) expect([r.trades[k].entryBar, r.trades[k].exitBar]).toEqual([k + 1, Math.min(k + 2, 999)]);
    for (let i = 0; i < bars.close.length; i++) {
      expect(Math.abs(r.equity[i] - equityFromTrades(r, bars.close, i))).toBeLessThanOrEqual(1e-9 * r.config.cash);
    }
  });

  it('a strategy that never signals makes no trades and keeps its cash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 500 }), configArbitrary, (seed, n, overrides) => {
        const r = runScripted(randomWalkBars(n, seed), [], overrides);
        expect(r.trades).toHaveLength(0);
        expect(r.equity.every((e) => e === r.config.cash)).toBe(true);
        expect(r.stats.maxDrawdownPct).toBe(0);
        expect(r.stats.exposureTimePct).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});

/** The entry half of a trade's commission: fixed + fraction × units × entry price. */
function entryCommission(t: BacktestResult['trades'][number], r: BacktestResult): number {
  return r.config.commission.fixed + r.config.commission.fraction * t.size * t.entryPrice;
}

describe('runBacktest', () => {
  const bars = randomWalkBars(20_000, 5, 60_000);
  const cfg = (overrides: Partial<BacktestConfigInput> = {}) =>
    backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } }, ...overrides });

  it('is deterministic: same inputs, bit-identical results', () => {
    const a = runBacktest({ bars, config: cfg(), dataHash: 'h' });
    const b = runBacktest({ bars, config: cfg(), dataHash: 'h' });
    expect(Buffer.from(a.equity.buffer).equals(Buffer.from(b.equity.buffer))).toBe(true);
    expect(JSON.stringify(a.stats)).toBe(JSON.stringify(b.stats));
    expect(JSON.stringify(a.trades)).toBe(JSON.stringify(b.trades));
  });

  it('reused indicator series carry nothing over from an earlier run', () => {
    for (const id of ['sma-cross', 'ema-cross']) {
      const first = runBacktest({ bars, config: cfg({ strategy: { id, params: { fast: 10, slow: 30 } } }), dataHash: 'h' });
      runBacktest({ bars, config: cfg({ strategy: { id, params: { fast: 3, slow: 70 } } }), dataHash: 'h' });
      const again = runBacktest({ bars, config: cfg({ strategy: { id, params: { fast: 10, slow: 30 } } }), dataHash: 'h' });
      expect(JSON.stringify(again.trades)).toBe(JSON.stringify(first.trades));
      expect(Buffer.from(again.equity.buffer).equals(Buffer.from(first.equity.buffer))).toBe(true);
    }
  });

  it('trade records are built once on first read, survive structured clone, and match the statistics', () => {
    const r = runBacktest({ bars, config: cfg(), dataHash: 'h' });
    expect(r.trades).toBe(r.trades);
    const cloned = structuredClone(r);
    expect(cloned.trades).toHaveLength(r.stats.numTrades);
    expect(cloned.trades[3]).toEqual({ ...r.trades[3] });
    const fromRecords = tradeStats(tradeTableOf(r.trades));
    for (const [key, value] of Object.entries(fromRecords)) expect(r.stats[key as keyof typeof fromRecords]).toBe(value);
  });

  it('records provenance: data hash, strategy id and version, every param (defaults filled), engine version', () => {
    const r = runBacktest({ bars, config: cfg(), dataHash: 'sha256:abc' });
    expect(r.provenance).toEqual({
      dataHash: 'sha256:abc',
      strategyId: 'sma-cross',
      strategyVersion: '1',
      params: { fast: 10, slow: 30 },
      engineVersion: ENGINE_VERSION,
      seed: null,
    });
    expect(r.trades.length).toBeGreaterThan(10);
    expect(r.time).toBe(bars.time);
  });

  it('restricts to bars within from/to (inclusive)', () => {
    const from = bars.time[1000];
    const to = bars.time[4999];
    const r = runBacktest({ bars, config: cfg({ from, to }), dataHash: 'h' });
    expect(r.equity.length).toBe(4000);
    expect(r.stats.startTime).toBe(from);
    expect(r.stats.endTime).toBe(to);
  });

  it('refuses a from/to window without bars, naming the window and the data in dates', () => {
    // 20,000 one-minute bars from 2024-01-01 00:00: the last opens at 2024-01-14 21:19.
    const data = '(the data runs from 2024-01-01 to 2024-01-14 21:19 UTC)';
    const day = 86_400_000;
    expect(() => runBacktest({ bars, config: cfg({ from: bars.time[19_999] + day }), dataHash: 'h' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: `no bars between 2024-01-15 21:19 and the end ${data}` }),
    );
    expect(() => runBacktest({ bars, config: cfg({ to: bars.time[0] - day }), dataHash: 'h' })).toThrow(
      expect.objectContaining({ message: `no bars between the start and 2023-12-31 ${data}` }),
    );
  });

  it('reports progress and stops with CANCELLED when asked', () => {
    const seen: number[] = [];
    runBacktest({ bars, config: cfg(), dataHash: 'h' }, { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(1);
    expect(() => runBacktest({ bars, config: cfg(), dataHash: 'h' }, { shouldStop: () => true })).toThrow(
      expect.objectContaining({ code: 'CANCELLED' }),
    );
  });

  it('refuses unknown strategies, unknown params and crossed params with a message naming them', () => {
    const run = (strategy: { id: string; params?: Record<string, number> }) =>
      runBacktest({ bars, config: backtestConfigSchema.parse({ strategy }), dataHash: 'h' });
    expect(() => run({ id: 'nope' })).toThrow(expect.objectContaining({ code: 'STRATEGY_NOT_FOUND' }));
    expect(() => run({ id: 'sma-cross', params: { fast: 30, slow: 10 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: 'sma-cross: fast (30) must be less than slow (10)' }),
    );
    expect(() => run({ id: 'sma-cross', params: { fats: 3 } })).toThrow(/no parameter 'fats'/);
    expect(() => run({ id: 'sma-cross', params: { fast: 2.5 } })).toThrow(/sma-cross.fast must be an integer/);
  });

  it('refuses a multi-timeframe strategy run without its higher bars', () => {
    expect(() => runBacktest({ bars, config: backtestConfigSchema.parse({ strategy: { id: 'mtf-ema-trend' } }), dataHash: 'h' })).toThrow(
      /needs 4h bars/,
    );
  });
});

describe('series built on first read', () => {
  it('equity, drawdown and buy & hold survive structured clone and agree with the statistics', () => {
    const bars = randomWalkBars(5_000, 77, 3_600_000);
    const r = runBacktest({
      bars,
      config: backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: 5, slow: 20 } }, leverage: 5 }),
      dataHash: 'lazy',
    });
    const clone = structuredClone(r);
    expect(Array.from(clone.equity)).toEqual(Array.from(r.equity));
    expect(Array.from(clone.drawdownPct)).toEqual(Array.from(r.drawdownPct));
    expect(Array.from(clone.buyHoldEquity!)).toEqual(Array.from(r.buyHoldEquity!));
    expect(clone.trades).toEqual(r.trades);
    expect(r.equity.at(-1)).toBe(r.stats.equityFinal);
    expect(Math.max(...r.equity)).toBe(r.stats.equityPeak);
    expect(Math.max(...r.drawdownPct)).toBe(r.stats.maxDrawdownPct);
  });
});
