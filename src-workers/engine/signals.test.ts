import { cross, defineStrategy, ema, macd, sma } from 'barwise';
import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import { trustedStrategy, type LoadedStrategy } from '../sdk/loaded';
import { getStrategy } from '../strategies/registry';
import { runStrategy } from './backtest';
import { barsFrom, randomWalkBars } from './test-bars';
import { HOLD, LONG, SHORT, scripted, type Target } from './test-strategy';

/**
 * A strategy's `signals` (a target for every bar at once) against the same rule written bar by
 * bar in `next` (a target other than what is held: close, then open its side): the two must give
 * the same run, bit for bit, under costs, directions, tradeOnClose, stops and ruin.
 */

/** Everything a result carries, series included, as one comparable value. */
function everything(result: BacktestResult): unknown {
  return {
    stats: result.stats,
    trades: result.trades,
    equity: Array.from(result.equity),
    drawdown: Array.from(result.drawdownPct),
  };
}

type Numbers = Readonly<Record<string, number>>;

/** The crossover of `a` over `b`, bar by bar, with a target's semantics (nothing while already on that side). */
function crossingNext(id: string, lines: (close: Float64Array, params: Numbers) => { a: Float64Array; b: Float64Array }): LoadedStrategy {
  const definition = defineStrategy({
    name: `${id} bar by bar`,
    params: getStrategy(id).definition.params,
    init: ({ data, params, I }) => {
      const { a, b } = lines(data.close, params as unknown as Numbers);
      return { a: I(a), b: I(b) };
    },
    next({ crossover, position, buy, sell }, { a, b }) {
      if (crossover(a, b)) {
        if (!position.isLong) {
          position.close();
          buy();
        }
      } else if (crossover(b, a) && !position.isShort) {
        position.close();
        sell();
      }
    },
  });
  return trustedStrategy(id, '1', definition);
}

const twins: [LoadedStrategy, LoadedStrategy][] = [
  [getStrategy('ema-cross'), crossingNext('ema-cross', (close, p) => ({ a: ema(close, p.fast), b: ema(close, p.slow) }))],
  [
    getStrategy('macd'),
    crossingNext('macd', (close, p) => {
      const lines = macd(close, p.fast, p.slow, p.signal);
      return { a: lines.macd, b: lines.signal };
    }),
  ],
];

describe('signals and next give the same run', () => {
  const bars = randomWalkBars(6_000, 77, 60_000, Date.UTC(2024, 0, 1), 0.01);
  const configs: Partial<BacktestConfigInput>[] = [
    {},
    { commission: { fraction: 0.001, fixed: 1 }, slippage: { kind: 'fraction', fraction: 0.0005 }, spread: 0.0002 },
    { direction: 'long-only', tradeOnClose: true, fractionalUnits: true },
    { direction: 'short-only', closeAtEnd: false, sizing: { kind: 'fixed-cash', amount: 2500 } },
    { stopLoss: { kind: 'percent', percent: 0.5 }, takeProfit: { kind: 'percent', percent: 1 }, trailingStop: { kind: 'percent', percent: 0.7 } },
    // Leverage 50 all-in: ruin happens.
    { leverage: 50, sizing: { kind: 'equity-fraction', fraction: 1 }, fractionalUnits: true },
  ];

  for (const [withSignals, withNext] of twins) {
    it(`${withSignals.id}: the same result, bit for bit, as its rule in next`, () => {
      let ruined = 0;
      for (const overrides of configs) {
        const config = backtestConfigSchema.parse({ strategy: { id: withSignals.id, params: {} }, ...overrides });
        const vectorized = runStrategy(withSignals, { bars, config, dataHash: 'x' });
        const stepped = runStrategy(withNext, { bars, config, dataHash: 'x' });
        expect(vectorized.stats.numTrades).toBeGreaterThan(0);
        expect(everything(vectorized)).toStrictEqual(everything(stepped));
        if (vectorized.trades.some((t) => t.exitReason === 'end' && t.exitBar < bars.close.length - 1)) ruined++;
      }
      expect(ruined).toBeGreaterThan(0);
    });
  }

  describe('ruin', () => {
    /** The scripted targets as signals, for the same run both ways. */
    const asSignals = (targets: readonly (Target | undefined)[]): LoadedStrategy => {
      const definition = defineStrategy({
        name: 'Scripted signals',
        signals: ({ data }) => ({
          target: Float64Array.from(data.close, (_, i) => (targets[i] === undefined || targets[i] === HOLD ? NaN : (targets[i] as number))),
        }),
      });
      return trustedStrategy('scripted', '1', definition, true);
    };
    const bothWays = (closes: readonly number[], targets: readonly (Target | undefined)[], overrides: Partial<BacktestConfigInput>) => {
      const flat = barsFrom(closes.map((c) => [c, c, c, c] as const));
      const config = backtestConfigSchema.parse({ strategy: { id: 'scripted' }, ...overrides });
      const vectorized = runStrategy(asSignals(targets), { bars: flat, config, dataHash: 'x' });
      const stepped = runStrategy(scripted(targets), { bars: flat, config, dataHash: 'x' });
      expect(everything(vectorized)).toStrictEqual(everything(stepped));
      return vectorized;
    };

    it('a short ruined mid-run by a spike, then signals after it: no trade after the ruin', () => {
      // Short 99 units at 100 (cash stays 10,000); at 250 equity is 10,000 − 99 × 150 < 0.
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
    const smaSignals = trustedStrategy(
      'sma-cross',
      '1',
      defineStrategy({
        name: 'SMA crossover, vectorized',
        params: getStrategy('sma-cross').definition.params,
        init: ({ data, params, I }) => {
          const { fast, slow } = params as unknown as Numbers;
          return { fast: I(sma(data.close, fast)), slow: I(sma(data.close, slow)) };
        },
        signals: (_, { fast, slow }) => cross(fast, slow),
      }),
    );
    const seen = (strategy: LoadedStrategy): number[] => {
      const fractions: number[] = [];
      runStrategy(strategy, { bars: long, config, dataHash: 'x' }, { onProgress: (f) => fractions.push(f) });
      return fractions;
    };
    const fractions = seen(smaSignals);
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions).toStrictEqual(seen(getStrategy('sma-cross')));
    let polls = 0;
    expect(() => runStrategy(smaSignals, { bars: long, config, dataHash: 'x' }, { shouldStop: () => ++polls === 3 })).toThrow(
      expect.objectContaining({ code: 'CANCELLED' }),
    );
  });
});
