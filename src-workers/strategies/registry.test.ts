import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, timeframeMs } from '../../src-shared/backtest';
import { runBacktest } from '../engine/backtest';
import { barsFrom, randomWalkBars, resample } from '../engine/test-bars';
import { brokenRules } from '../../src-shared/param-rules';
import { STRATEGIES, listStrategies, requiredTimeframes } from './registry';

describe('strategy registry', () => {
  it('lists the eight built-ins with complete parameter specs', () => {
    expect(listStrategies().map((s) => s.id)).toEqual([
      'buy-and-hold', 'sma-cross', 'ema-cross', 'rsi-reversion', 'bollinger', 'macd', 'donchian', 'mtf-ema-trend',
    ]);
    for (const s of listStrategies()) {
      for (const p of s.params) {
        expect(p.label.length).toBeGreaterThan(0);
        expect(p.description.length).toBeGreaterThan(0);
        if (p.type === 'int' || p.type === 'float') {
          expect(p.min).toBeLessThanOrEqual(p.default as number);
          expect(p.max).toBeGreaterThanOrEqual(p.default as number);
          expect(p.step).toBeGreaterThan(0);
        }
      }
    }
    expect(listStrategies().find((s) => s.id === 'mtf-ema-trend')?.higherTimeframes).toEqual(['4h']);
  });

  it('declares rules only between its own numeric parameters, and its defaults obey them', () => {
    for (const s of listStrategies()) {
      const numeric = new Set(s.params.filter((p) => p.type === 'int' || p.type === 'float').map((p) => p.name));
      for (const rule of s.rules) {
        expect(numeric.has(rule.left), `${s.id}: ${rule.left}`).toBe(true);
        expect(numeric.has(rule.right), `${s.id}: ${rule.right}`).toBe(true);
      }
      const defaults = Object.fromEntries(s.params.map((p) => [p.name, p.default]));
      expect(brokenRules(s.rules, defaults), s.id).toEqual([]);
    }
    expect(listStrategies().find((s) => s.id === 'sma-cross')?.rules).toEqual([{ kind: 'less-than', left: 'fast', right: 'slow' }]);
  });

  it('refuses parameters that break a rule, naming both', () => {
    const config = backtestConfigSchema.parse({ strategy: { id: 'rsi-reversion', params: { oversold: 40, exit: 35 } } });
    expect(() => runBacktest({ bars: randomWalkBars(200, 1), config, dataHash: 'x' })).toThrow('rsi-reversion: oversold (40) must be less than exit (35)');
  });

  it('requiredTimeframes follows the params', () => {
    expect(requiredTimeframes('mtf-ema-trend', { trendTimeframe: '1d' })).toEqual(['1d']);
    expect(requiredTimeframes('sma-cross', {})).toEqual([]);
  });

  it('every strategy runs end to end with its defaults and balances its books', () => {
    const bars = randomWalkBars(5000, 77, 15 * 60_000, Date.UTC(2024, 0, 1), 0.004);
    for (const strategy of STRATEGIES) {
      const config = backtestConfigSchema.parse({ strategy: { id: strategy.id } });
      const higher = { '4h': resample(bars, timeframeMs('4h')) };
      const r = runBacktest({ bars, higher, config, dataHash: 'h' });
      expect(r.trades.length, strategy.id).toBeGreaterThan(0);
      const sum = r.trades.reduce((a, t) => a + t.pnl, 0);
      expect(Math.abs(sum - (r.stats.equityFinal - config.cash))).toBeLessThanOrEqual(1e-9 * config.cash);
    }
  });

  it('starts like backtesting.py: next() from bar 1 + indicator warm-up, buy & hold from the warm-up bar', () => {
    const bars = randomWalkBars(500, 9);
    const hold = runBacktest({ bars, config: backtestConfigSchema.parse({ strategy: { id: 'buy-and-hold' } }), dataHash: 'h' });
    // No indicators: first decision on bar 1, filled at bar 2's open; held to the end.
    expect(hold.trades.map((t) => [t.entryBar, t.entryPrice, t.exitReason])).toEqual([[2, bars.open[2], 'end']]);
    expect(hold.stats.buyHoldReturnPct).toBeCloseTo((bars.close[499] / bars.close[0] - 1) * 100, 10);
    const cross = runBacktest({ bars, config: backtestConfigSchema.parse({ strategy: { id: 'sma-cross' } }), dataHash: 'h' });
    // SMA(30) first exists at index 29: decisions from bar 30, buy & hold from close[29].
    expect(cross.trades[0].entryBar).toBeGreaterThanOrEqual(31);
    expect(cross.stats.buyHoldReturnPct).toBeCloseTo((bars.close[499] / bars.close[29] - 1) * 100, 10);
  });

  it('sma-cross long and short stops and reverses: trades alternate and touch', () => {
    const bars = randomWalkBars(5000, 3);
    const r = runBacktest({ bars, config: backtestConfigSchema.parse({ strategy: { id: 'sma-cross' } }), dataHash: 'h' });
    for (let k = 1; k < r.trades.length; k++) {
      expect(r.trades[k].side).not.toBe(r.trades[k - 1].side);
      expect(r.trades[k].entryBar).toBe(r.trades[k - 1].exitBar);
    }
  });

  it('sma-cross closes and reopens on a crossover in the direction already held, as backtesting.py\'s SmaCross does', () => {
    // SMA(2) crosses above SMA(3) at bar 3, ties with it at bar 5 (so falling below it at bar 6 is
    // no cross), and crosses above again at bar 7: position.close() then buy() at bar 8's open.
    const bars = barsFrom([99, 98, 98, 99, 99, 99, 98, 101, 102, 103].map((c) => [c, c, c, c] as const));
    const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: 2, slow: 3 } } });
    const r = runBacktest({ bars, config, dataHash: 'h' });
    expect(r.trades.map((t) => [t.side, t.entryBar, t.exitBar, t.exitReason])).toEqual([
      ['long', 4, 8, 'signal'],
      ['long', 8, 9, 'end'],
    ]);
  });
});
