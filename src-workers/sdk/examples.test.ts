import { describe, expect, it } from 'vitest';
import crossover from '../../docs/examples/crossover';
import donchianRisk from '../../docs/examples/donchian-risk';
import rsiStops from '../../docs/examples/rsi-stops';
import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import { runStrategy } from '../engine/backtest';
import { atr } from '../indicators/volatility';
import { randomWalkBars } from '../engine/test-bars';
import { trustedStrategy } from './loaded';
import { checkLookAhead } from './lookahead';

/** The three worked examples of docs/engine.md, "Writing a strategy", run as a user's files run. */
const bars = randomWalkBars(20_000, 8, 15 * 60_000, Date.UTC(2024, 0, 1), 0.004);
const run = (definition: object, overrides: Partial<BacktestConfigInput> = {}): BacktestResult =>
  runStrategy({ ...trustedStrategy('example', '1', definition), untrusted: true }, { bars, config: backtestConfigSchema.parse({ strategy: { id: 'example' }, ...overrides }), dataHash: 'docs' });

describe('docs/examples', () => {
  it('crossover: long only, in on a cross up, out on a cross down, each trade tagged', () => {
    const r = run(crossover);
    expect(r.trades.length).toBeGreaterThan(50);
    for (const t of r.trades) expect([t.side, t.tag]).toEqual(['long', 'trend up']);
    // Never two trades open at once: each entry after the exit before it.
    for (let k = 1; k < r.trades.length; k++) expect(r.trades[k].entryBar).toBeGreaterThanOrEqual(r.trades[k - 1].exitBar);
    expect(checkLookAhead(trustedStrategy('example', '1', crossover)).passed).toBe(true);
  });

  it('rsi-stops: every trade ends at its stop-loss, its take-profit, or the end of the data, at the levels set', () => {
    const r = run(rsiStops, { commission: { fraction: 0.001, fixed: 0 } });
    const reasons = new Set(r.trades.map((t) => t.exitReason));
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['stop-loss', 'take-profit']));
    for (const t of r.trades) {
      expect(['stop-loss', 'take-profit', 'end']).toContain(t.exitReason);
      // At the level, or beyond it where the bar opened past it.
      if (t.exitReason === 'stop-loss') expect(t.exitPrice).toBeLessThanOrEqual(t.entryPrice * 0.98 * (1 + 1e-12));
      if (t.exitReason === 'take-profit') expect(t.exitPrice).toBeGreaterThanOrEqual(t.entryPrice * 1.04 * (1 - 1e-12));
    }
    expect(checkLookAhead(trustedStrategy('example', '1', rsiStops)).passed).toBe(true);
  });

  it('donchian-risk: each entry is sized so that its stop loses riskPct percent of equity, and a stop filled at its price loses that', () => {
    const r = run(donchianRisk, { fractionalUnits: true, strategy: { id: 'example', params: { riskPct: 0.5 } } });
    const range = atr(bars.high, bars.low, bars.close, 14);
    expect(r.trades.length).toBeGreaterThan(20);
    let atTheStop = 0;
    for (const t of r.trades) {
      // Flat before each entry: the equity at the close before it is the cash the order was sized
      // from, and the stop is 2 ATRs of the deciding bar (the one before the fill) below the fill.
      const equity = r.equity[t.entryBar - 1];
      const distance = 2 * range[t.entryBar - 1];
      expect(t.size).toBe((equity * 0.5) / 100 / distance);
      if (t.exitReason === 'stop-loss' && t.exitPrice === t.entryPrice - distance) {
        atTheStop++;
        expect(-t.pnl).toBeCloseTo(0.005 * equity, 6);
      }
    }
    expect(atTheStop).toBeGreaterThan(5);
    expect(checkLookAhead(trustedStrategy('example', '1', donchianRisk)).passed).toBe(true);
  });
});
