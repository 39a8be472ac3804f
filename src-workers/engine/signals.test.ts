import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import { STRATEGIES } from '../strategies/registry';
import { runStrategy } from './backtest';
import { Signals, crossSignals, signalsDecider } from './signals';
import { HOLD, LONG, SHORT, crossedAbove, type Strategy, type Target } from './strategy';
import { barsFrom, randomWalkBars, xorshift } from './test-bars';
import { scripted } from './test-strategy';

/** The same strategy with its signals taken away: the bar loop then asks decide() at every bar. */
function withoutSignals(strategy: Strategy): Strategy {
  return {
    ...strategy,
    prepare(input) {
      const { signals: _signals, ...decider } = strategy.prepare(input);
      const decide = decider.decide;
      return { ...decider, decide: (i, position) => decide(i, position) };
    },
  };
}

/** Everything a result carries, series included, as one comparable value. */
function everything(result: BacktestResult): unknown {
  return {
    stats: result.stats,
    trades: result.trades,
    equity: Array.from(result.equity),
    drawdown: Array.from(result.drawdownPct),
  };
}

const signalled = STRATEGIES.filter((s) => s.id === 'sma-cross' || s.id === 'ema-cross' || s.id === 'macd');

describe('Signals', () => {
  it('answers at(i) for every bar: the pushed target, HOLD elsewhere (across growth)', () => {
    const signals = new Signals();
    const expected = new Map<number, number>();
    const random = xorshift(5);
    for (let bar = 0; bar < 10_000; bar++) {
      if (random() < 0.3) {
        const target = random() < 0.5 ? LONG : SHORT;
        signals.push(bar, target);
        expected.set(bar, target);
      }
    }
    expect(signals.count).toBe(expected.size);
    for (let bar = -1; bar <= 10_001; bar++) expect(signals.at(bar)).toBe(expected.get(bar) ?? HOLD);
  });

  it('crossSignals gives crossedAbove’s decision at every bar, warm-up NaN included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 200 }), fc.integer({ min: 0, max: 5 }), (values, warm) => {
        // Small integers make ties (a = b) common: neither side crossed then.
        const a = Float64Array.from(values, (v, i) => (i < warm ? NaN : v));
        const b = Float64Array.from(values, (_, i) => (i < warm + 1 ? NaN : 3));
        const signals = crossSignals(a, b);
        for (let i = 1; i < a.length; i++) {
          const expected = crossedAbove(a, b, i) ? LONG : crossedAbove(b, a, i) ? SHORT : HOLD;
          expect(signals.at(i)).toBe(expected);
        }
      }),
    );
  });
});

describe('the bar loop skipping from signal to signal', () => {
  const bars = randomWalkBars(6_000, 77, 60_000, Date.UTC(2024, 0, 1), 0.01);
  const configs: Partial<BacktestConfigInput>[] = [
    {},
    { commission: { fraction: 0.001, fixed: 1 }, slippage: { kind: 'fraction', fraction: 0.0005 }, spread: 0.0002 },
    { direction: 'long-only', tradeOnClose: true, fractionalUnits: true },
    { direction: 'short-only', closeAtEnd: false, sizing: { kind: 'fixed-cash', amount: 2500 } },
    { stopLoss: { kind: 'percent', percent: 0.5 }, takeProfit: { kind: 'percent', percent: 1 }, trailingStop: { kind: 'percent', percent: 0.7 } },
    // Leverage 50 all-in: ruin happens, and has to be found between signals.
    { leverage: 50, sizing: { kind: 'equity-fraction', fraction: 1 }, fractionalUnits: true },
  ];

  for (const strategy of signalled) {
    it(`${strategy.id}: same result, bit for bit, as asking decide() at every bar`, () => {
      let ruined = 0;
      for (const overrides of configs) {
        const config = backtestConfigSchema.parse({ strategy: { id: strategy.id, params: {} }, ...overrides });
        const fast = runStrategy(strategy, { bars, config, dataHash: 'x' });
        const plain = runStrategy(withoutSignals(strategy), { bars, config, dataHash: 'x' });
        expect(fast.stats.numTrades).toBeGreaterThan(0);
        expect(everything(fast)).toStrictEqual(everything(plain));
        if (fast.trades.some((t) => t.exitReason === 'end' && t.exitBar < bars.close.length - 1)) ruined++;
      }
      expect(ruined).toBeGreaterThan(0);
    });
  }

  // The loop first tries a run with signals as if no close could ruin it, and makes it again with
  // its ruin tests when the try's equity reached 0 or below: the result must be the checked run's.
  describe('ruin, where the first try runs on past it', () => {
    /** The scripted targets as signals (the loop skips between them), for the same run both ways. */
    const asSignals = (targets: readonly (Target | undefined)[]): Strategy => ({
      ...scripted(targets),
      prepare: () => {
        const signals = new Signals();
        targets.forEach((target, bar) => target !== undefined && target !== HOLD && signals.push(bar, target));
        return signalsDecider(-1, signals);
      },
    });
    const bothWays = (closes: readonly number[], targets: readonly (Target | undefined)[], overrides: Partial<BacktestConfigInput>) => {
      const flat = barsFrom(closes.map((c) => [c, c, c, c] as const));
      const config = backtestConfigSchema.parse({ strategy: { id: 'scripted' }, ...overrides });
      const fast = runStrategy(asSignals(targets), { bars: flat, config, dataHash: 'x' });
      const plain = runStrategy(scripted(targets), { bars: flat, config, dataHash: 'x' });
      expect(everything(fast)).toStrictEqual(everything(plain));
      return fast;
    };

    it('a short ruined mid-run by a spike, then signals after it: no trade after the ruin', () => {
      // Short 99 units at 100 (cash 19,900); at 250 equity is 19,900 − 24,750 < 0.
      const result = bothWays([100, 100, 100, 250, 100, 100, 100, 100], [undefined, SHORT, undefined, undefined, undefined, LONG], {});
      expect(result.trades.map((t) => [t.exitBar, t.exitReason])).toStrictEqual([[3, 'end']]);
      expect(result.stats.maxDrawdownPct).toBe(100);
    });

    it('ruined on the last bar, closed at the end or left open', () => {
      for (const closeAtEnd of [true, false]) {
        const result = bothWays([100, 100, 100, 100, 100, 250], [undefined, SHORT], { closeAtEnd });
        expect(result.stats.equityFinal).toBeLessThan(0);
      }
    });

    it('a long at 50× leverage: a cent above ruin, at exactly zero equity, a cent below', () => {
      const leveraged = { leverage: 50, sizing: { kind: 'equity-fraction', fraction: 1 }, fractionalUnits: true } as const;
      // 5,000 units at 100 on 10,000 of equity: equity is 5,000 × (price − 98), 0 at 98.
      const exits = (low: number) =>
        bothWays([100, 100, 100, low, 99, 101, 100], [undefined, LONG, undefined, undefined, SHORT], leveraged).trades.map((t) => [
          t.exitBar,
          t.exitReason,
        ]);
      expect(exits(98.01)).toStrictEqual([
        [5, 'signal'],
        [6, 'end'],
      ]);
      // Ruin is equity ≤ 0: zero counts.
      expect(exits(98)).toStrictEqual([[3, 'end']]);
      expect(exits(97.99)).toStrictEqual([[3, 'end']]);
    });
  });

  it('reports progress at the same checkpoints and cancels the same way', () => {
    const long = randomWalkBars(100_000, 3, 60_000);
    // The last 40,000 bars at one price: no signal there, and checkpoints after the last one.
    long.close.fill(long.close[59_999], 60_000);
    const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: 400, slow: 900 } } });
    const seen = (strategy: Strategy): number[] => {
      const fractions: number[] = [];
      runStrategy(strategy, { bars: long, config, dataHash: 'x' }, { onProgress: (f) => fractions.push(f) });
      return fractions;
    };
    const smaCross = signalled.find((s) => s.id === 'sma-cross')!;
    const fractions = seen(smaCross);
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions).toStrictEqual(seen(withoutSignals(smaCross)));
    let polls = 0;
    expect(() =>
      runStrategy(smaCross, { bars: long, config, dataHash: 'x' }, { shouldStop: () => ++polls === 3 }),
    ).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });
});
