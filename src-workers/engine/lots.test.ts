import { defineStrategy } from 'barwise';
import { describe, expect, it } from 'vitest';
import type { BacktestConfigInput, BacktestResult } from '../../src-shared/backtest';
import type { NextContext } from '../../src-shared/sdk/strategy';
import { runDefinition } from '../sdk/test-run';
import { barsFrom } from './test-bars';

/**
 * Orders and lots, worked by hand: one net position made of lots (backtesting.py's trades), an
 * order against it reducing the oldest lot first, partial closes, each lot's own exits, tags.
 * Daily bars, backtesting.py's defaults (10,000 cash, no costs, whole units).
 */
type Row = readonly [number, number, number, number];
const level = (price: number): Row => [price, price, price, price];
const climbing = barsFrom([level(100), level(100), level(102), level(104), level(106), level(108), level(110)]);

/** A strategy that runs `script[bar]` with the context at that bar. */
function scripted(script: Record<number, (ctx: NextContext) => void>, bars = climbing, overrides: Partial<BacktestConfigInput> = {}): BacktestResult {
  return runDefinition(defineStrategy({ name: 'Script', next: (ctx) => script[ctx.bar.index]?.(ctx) }), bars, overrides);
}

const summary = (r: BacktestResult) => r.trades.map((t) => [t.side, t.size, t.entryBar, t.entryPrice, t.exitBar, t.exitPrice, t.pnl, t.exitReason, t.tag]);

describe('lots', () => {
  it('buying while long adds a lot; selling reduces lots oldest first; close(fraction) closes part of each', () => {
    const seen: Record<string, number>[] = [];
    const r = scripted({
      1: ({ buy }) => buy({ size: 10, tag: 'first' }), // fills at bar 2's open, 102
      2: ({ buy }) => buy({ size: 4, tag: 'second' }), // fills at bar 3's open, 104
      3: ({ position, equity, cash, sell }) => {
        const { size, entryPrice, entryBar, barsHeld, pl, plPct } = position;
        seen.push({ size, entryPrice, entryBar, barsHeld, pl, plPct, equity, cash });
        sell({ size: 12 }); // at bar 4's open, 106: all of the first lot and 2 of the second
      },
      4: ({ position }) => position.close(0.5), // 1 of the 2 left, at bar 5's open, 108
    });
    expect(summary(r)).toEqual([
      ['long', 10, 2, 102, 4, 106, 40, 'signal', 'first'],
      ['long', 2, 3, 104, 4, 106, 4, 'signal', 'second'],
      ['long', 1, 3, 104, 5, 108, 4, 'signal', 'second'],
      // The last unit is closed at the end, at the last bar's open.
      ['long', 1, 3, 104, 6, 110, 6, 'end', 'second'],
    ]);
    // At bar 3's close (104), before the sell: 14 units, entered on average at (1,020 + 416) / 14.
    expect(seen).toEqual([{ size: 14, entryPrice: 1436 / 14, entryBar: 2, barsHeld: 1, pl: 20, plPct: (20 / 1436) * 100, equity: 10_020, cash: 10_000 }]);
    expect(r.stats.equityFinal).toBe(10_054);
    // Held from bar 2 through bar 6.
    expect(r.stats.exposureTimePct).toBeCloseTo((5 / 7) * 100, 12);
  });

  it('an order larger than the position reverses it: the rest opens a lot on the other side', () => {
    const r = scripted({ 1: ({ buy }) => buy({ size: 10 }), 3: ({ sell }) => sell({ size: 15 }) });
    expect(summary(r)).toEqual([
      ['long', 10, 2, 102, 4, 106, 40, 'signal', undefined],
      ['short', 5, 4, 106, 6, 110, -20, 'end', undefined],
    ]);
  });

  it('a partial close books its share of the entry commission; the rest stays with the lot', () => {
    const r = scripted({ 1: ({ buy }) => buy({ size: 10 }), 2: ({ position }) => position.close(0.3) }, climbing, {
      commission: { fraction: 0, fixed: 1 },
    });
    // 3 of 10 units at 104: 0.3 of the entry's 1, plus the exit's 1.
    expect(r.trades[0]).toMatchObject({ size: 3, exitBar: 3, exitPrice: 104, commission: 1.3, pnl: 3 * 2 - 1.3 });
    // 7 units at 110 at the end: 0.7 of the entry's 1, plus 1.
    expect(r.trades[1]).toMatchObject({ size: 7, exitPrice: 110, commission: 1.7 });
    expect(r.trades[1].pnl).toBeCloseTo(7 * 8 - 1.7, 12);
    expect(r.stats.commissionsPaid).toBe(3);
    expect(r.stats.equityFinal).toBeCloseTo(10_000 + 3 * 2 + 7 * 8 - 3, 9);
  });

  it('sizes: a fraction of buying power, units, cash, risk to the stop-loss', () => {
    const size = (options: Parameters<NextContext['buy']>[0]) => scripted({ 1: ({ buy }) => buy(options) }).trades[0].size;
    // At 102: ⌊10,000 × 0.5 / 102⌋.
    expect(size({ size: 0.5 })).toBe(49);
    expect(size({ size: 7 })).toBe(7);
    expect(size({ size: { cash: 1000 } })).toBe(9);
    // 1% of 10,000 lost over a 2-point stop: 50 units.
    expect(size({ size: { riskPct: 1 }, sl: { distance: 2 } })).toBe(50);
    // Capped at buying power.
    expect(size({ size: 1000 })).toBe(98);
  });

  it('buying again while fully invested adds nothing: no buying power is left', () => {
    const r = scripted({ 1: ({ buy }) => buy(), 2: ({ buy }) => buy() });
    expect(r.trades).toHaveLength(1);
  });

  it("the run's direction drops what would open the side it forbids, but not a reduction", () => {
    const r = scripted({ 1: ({ buy }) => buy({ size: 10 }), 3: ({ sell }) => sell({ size: 15 }) }, climbing, { direction: 'long-only' });
    expect(summary(r)).toEqual([['long', 10, 2, 102, 4, 106, 40, 'signal', undefined]]);
  });
});

describe("each lot's exits", () => {
  const bars = barsFrom([level(100), level(100), [100, 101, 99, 100], [102, 106, 101, 105], level(105)]);

  it('stop-loss and take-profit of the order that opened the lot', () => {
    const r = scripted(
      {
        1: ({ buy }) => {
          buy({ sl: 97, tp: { distance: 5 }, tag: 'wide' }); // 99 units at 100: out at 105 on bar 3
          buy({ size: 1, sl: { percent: 1 }, tag: 'tight' }); // out at 99 on bar 2
        },
      },
      bars,
    );
    expect(summary(r)).toEqual([
      ['long', 1, 2, 100, 2, 99, -1, 'stop-loss', 'tight'],
      ['long', 99, 2, 100, 3, 105, 495, 'take-profit', 'wide'],
    ]);
  });

  it("the run's stop-loss applies to an entry without one; with both, the tighter", () => {
    const dip = barsFrom([level(100), level(100), [100, 100, 97.5, 99], level(99)]);
    const run = (sl: number | undefined) => scripted({ 1: ({ buy }) => buy(sl === undefined ? {} : { sl }) }, dip, { stopLoss: { kind: 'percent', percent: 2 } });
    expect(run(undefined).trades[0]).toMatchObject({ exitPrice: 98, exitReason: 'stop-loss' });
    expect(run(97).trades[0]).toMatchObject({ exitPrice: 98, exitReason: 'stop-loss' });
    expect(run(98.5).trades[0]).toMatchObject({ exitPrice: 98.5, exitReason: 'stop-loss' });
  });

  it("an order's trailing stop follows the best price since its entry", () => {
    const trend = barsFrom([level(100), level(100), [100, 110, 100, 109], [108, 108, 106, 107]]);
    const r = scripted({ 1: ({ buy }) => buy({ trailing: { distance: 3 } }) }, trend);
    // Entry 100 (trail 97); bar 2's high 110 lifts it to 107; bar 3's low 106 reaches it.
    expect(r.trades[0]).toMatchObject({ exitBar: 3, exitPrice: 107, exitReason: 'trailing-stop' });
  });

  it('a limit entry fills at its price when the range reaches it, and meets its exits from the next bar', () => {
    const r = scripted({ 1: ({ buy }) => buy({ limit: 98, sl: 95 }) }, barsFrom([level(100), level(100), [100, 100, 94, 96], [96, 96, 94, 95]]));
    expect(r.trades[0]).toMatchObject({ entryBar: 2, entryPrice: 98, exitBar: 3, exitPrice: 95, exitReason: 'stop-loss' });
  });
});
