import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import { runStrategy } from '../engine/backtest';
import { barsFrom, randomWalkBars, xorshift } from '../engine/test-bars';
import { getStrategy } from '../strategies/registry';
import mySmaCross from './fixtures/my-sma-cross';
import { trustedStrategy, type LoadedStrategy } from './loaded';

/**
 * The example (fixtures/my-sma-cross.ts, its text unchanged) against the built-in
 * sma-cross: the same statistics, trades, equity and indicators, bit for bit. It runs here as a
 * user strategy does (its `init` given copies of the bars), without the sandbox.
 */
const user: LoadedStrategy = { ...trustedStrategy('my-sma-cross', '1', mySmaCross), untrusted: true };

function everything(result: BacktestResult): unknown {
  return {
    stats: result.stats,
    trades: result.trades,
    equity: Array.from(result.equity),
    drawdown: Array.from(result.drawdownPct),
    buyHold: Array.from(result.buyHoldEquity!),
    indicators: result.indicators?.map((i) => ({ ...i, values: Array.from(i.values) })),
  };
}

/** Integer prices: the averages tie, so crossovers repeat in the same direction. */
function integerBars(n: number): ReturnType<typeof barsFrom> {
  let price = 100;
  const random = xorshift(7);
  return barsFrom(
    Array.from({ length: n }, () => {
      const open = price;
      price = Math.max(90, Math.min(110, price + [0, 0, 1, -1][Math.floor(random() * 4)]));
      return [open, Math.max(open, price) + 1, Math.min(open, price) - 1, price] as const;
    }),
    15 * 60_000,
  );
}

describe("the issue's my-sma-cross is the built-in sma-cross", () => {
  const datasets = [randomWalkBars(20_000, 3, 60_000), randomWalkBars(3_000, 9, 86_400_000, Date.UTC(2010, 0, 1), 0.02), integerBars(3_000)];
  const settings: Partial<BacktestConfigInput>[] = [
    {},
    { strategy: { id: 'x', params: { fast: 5, slow: 40 } }, commission: { fraction: 0.001, fixed: 1 }, spread: 0.0005 },
    { direction: 'long-only', tradeOnClose: true, closeAtEnd: false },
    { stopLoss: { kind: 'percent', percent: 1 }, trailingStop: { kind: 'atr', multiple: 3, period: 14 }, leverage: 5 },
    { sizing: { kind: 'risk', riskPct: 2 }, stopLoss: { kind: 'atr', multiple: 2, period: 10 }, fractionalUnits: true },
  ];
  it('on minute, daily and integer-price bars, with costs, directions, stops, leverage and sizing', () => {
    for (const bars of datasets) {
      for (const overrides of settings) {
        const params = (overrides.strategy as { params?: object } | undefined)?.params ?? {};
        const run = (id: string, strategy: LoadedStrategy) =>
          runStrategy(strategy, { bars, config: backtestConfigSchema.parse({ ...overrides, strategy: { id, params } }), dataHash: 'h' });
        const builtIn = run('sma-cross', getStrategy('sma-cross'));
        const mine = run('my-sma-cross', user);
        expect(builtIn.stats.numTrades, `${datasets.indexOf(bars)} ${JSON.stringify(overrides)}`).toBeGreaterThan(0);
        expect(everything(mine)).toStrictEqual(everything(builtIn));
        expect(mine.provenance.strategyId).toBe('my-sma-cross');
      }
    }
  });
});
