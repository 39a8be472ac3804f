import { describe, expect, it } from 'vitest';
import { barsFrom } from './test-bars';
import { FLAT, LONG, SHORT, runScripted } from './test-strategy';

/**
 * Hand-worked fixtures: every fill below is computed by hand in the comments. Daily bars,
 * defaults = backtesting.py (10,000 cash, 99.99% of cash, whole units, no costs).
 */
const rising = barsFrom([
  [100, 101, 99, 100],
  [102, 105, 101, 104],
  [104, 106, 103, 105],
  [106, 108, 105, 107],
]);

describe('market orders', () => {
  it('fill at the next open, whole units of 99.99% of cash', () => {
    const r = runScripted(rising, [LONG, undefined, FLAT]);
    // Decided on bar 0's close, filled at bar 1's open 102: ⌊9999 / 102⌋ = 98 units, cash 4.
    // Exit decided on bar 2, filled at bar 3's open 106: P&L 98 × 4 = 392.
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    expect([t.side, t.size, t.entryBar, t.entryPrice, t.exitBar, t.exitPrice, t.exitReason]).toEqual(['long', 98, 1, 102, 3, 106, 'signal']);
    expect(t.pnl).toBe(392);
    expect(t.returnPct).toBeCloseTo((106 / 102 - 1) * 100, 12);
    expect(t.barsHeld).toBe(2);
    expect(t.durationMs).toBe(2 * 86_400_000);
    expect(Array.from(r.equity)).toEqual([10_000, 4 + 98 * 104, 4 + 98 * 105, 10_392]);
    expect(r.stats.exposureTimePct).toBe(75);
    expect(r.stats.returnPct).toBeCloseTo(3.92, 12);
    // Buy & hold: all cash at the first tradable close (100), marked at each close.
    expect(Array.from(r.buyHoldEquity!)).toEqual([10_000, 10_400, 10_500, 10_700]);
    expect(r.stats.buyHoldReturnPct).toBeCloseTo(7, 12);
  });

  it('fill at the same close with tradeOnClose', () => {
    const r = runScripted(rising, [LONG, undefined, FLAT], { tradeOnClose: true });
    // ⌊9999 / 100⌋ = 99 units at 100; out at bar 2's close 105: 99 × 5 = 495.
    expect(r.trades[0]).toMatchObject({ entryBar: 0, entryPrice: 100, size: 99, exitBar: 2, exitPrice: 105, pnl: 495 });
  });

  it('a short profits from a fall; cash receives the sale', () => {
    const falling = barsFrom([
      [100, 100, 100, 100],
      [100, 101, 95, 96],
      [90, 92, 88, 91],
    ]);
    const r = runScripted(falling, [SHORT, FLAT]);
    // 99 units sold at 100 (cash 19,900), bought back at 90: P&L 990, +10%.
    expect(r.trades[0]).toMatchObject({ side: 'short', size: 99, entryPrice: 100, exitPrice: 90, pnl: 990 });
    expect(r.trades[0].returnPct).toBeCloseTo(10, 12);
    expect(r.equity[1]).toBe(19_900 - 99 * 96);
    expect(r.stats.equityFinal).toBe(10_990);
  });

  it('stop and reverse: the reversal closes and opens at the same open', () => {
    const r = runScripted(rising, [LONG, SHORT]);
    expect(r.trades.map((t) => [t.side, t.entryBar, t.exitBar, t.exitReason])).toEqual([
      ['long', 1, 2, 'signal'],
      ['short', 2, 3, 'end'],
    ]);
    // Long 98 @102 → 104: +196, cash 10,196; short ⌊10,195.98 / 104⌋ = 98 @104, closed at the end
    // by a market order at the last bar's open, 106.
    expect(r.trades[1].size).toBe(98);
    expect([r.trades[1].exitPrice, r.trades[1].pnl]).toEqual([106, -98 * 2]);
    expect(r.stats.exposureTimePct).toBe(75);
  });

  it('closeAtEnd: false leaves the position out of the trades but in equity', () => {
    const r = runScripted(rising, [LONG], { closeAtEnd: false });
    expect(r.trades).toHaveLength(0);
    expect(r.stats.equityFinal).toBe(4 + 98 * 107);
    expect(r.stats.exposureTimePct).toBe(75);
  });
});

const flatThen = (rows: [number, number, number, number][]) => barsFrom([[100, 100, 100, 100], [100, 100, 99, 100], ...rows]);

describe('stop-loss, take-profit and trailing stop', () => {
  it('a stop touched inside the bar fills at the stop price', () => {
    const r = runScripted(flatThen([[98, 99, 94, 96]]), [LONG], { stopLoss: { kind: 'percent', percent: 5 } });
    // 99 units at 100, stop 95.
    expect(r.trades[0]).toMatchObject({ exitBar: 2, exitPrice: 95, exitReason: 'stop-loss', pnl: -495 });
  });
  it('a gap through the stop fills at the open', () => {
    const r = runScripted(flatThen([[90, 92, 88, 91]]), [LONG], { stopLoss: { kind: 'percent', percent: 5 } });
    expect(r.trades[0]).toMatchObject({ exitPrice: 90, exitReason: 'stop-loss', pnl: -990 });
  });
  it('a take-profit touched fills at its price; a gap through it fills at the (better) open', () => {
    const touched = runScripted(flatThen([[105, 112, 104, 108]]), [LONG], { takeProfit: { kind: 'percent', percent: 10 } });
    expect(touched.trades[0]).toMatchObject({ exitPrice: 110, exitReason: 'take-profit', pnl: 990 });
    const gapped = runScripted(flatThen([[115, 116, 113, 114]]), [LONG], { takeProfit: { kind: 'percent', percent: 10 } });
    expect(gapped.trades[0]).toMatchObject({ exitPrice: 115, exitReason: 'take-profit', pnl: 1485 });
  });
  it('stop and take-profit in the same bar: the stop is assumed first', () => {
    const r = runScripted(flatThen([[100, 111, 94, 105]]), [LONG], {
      stopLoss: { kind: 'percent', percent: 5 },
      takeProfit: { kind: 'percent', percent: 10 },
    });
    expect(r.trades[0]).toMatchObject({ exitPrice: 95, exitReason: 'stop-loss' });
  });
  it('a short stop sits above the entry and gaps fill at the open', () => {
    const r = runScripted(flatThen([[104, 108, 103, 107]]), [SHORT], { stopLoss: { kind: 'percent', percent: 5 } });
    expect(r.trades[0]).toMatchObject({ side: 'short', exitPrice: 105, exitReason: 'stop-loss', pnl: -495 });
  });
  it('the trailing stop follows the high and exits on the pull-back', () => {
    const r = runScripted(
      flatThen([
        [105, 120, 104, 118],
        [115, 116, 107, 110],
      ]),
      [LONG],
      { trailingStop: { kind: 'percent', percent: 10 } },
    );
    // Entry 100 (trail 90); bar 2's high 120 lifts the trail to 108; bar 3's low 107 hits it.
    expect(r.trades[0]).toMatchObject({ exitBar: 3, exitPrice: 108, exitReason: 'trailing-stop', pnl: 99 * 8 });
  });
  it('a strategy stop distance (e.g. 2 × ATR) is used when no config stop is set', () => {
    const r = runScripted(flatThen([[98, 99, 96, 97]]), [LONG], {}, undefined, { stopDistance: 3 });
    expect(r.trades[0]).toMatchObject({ exitPrice: 97, exitReason: 'stop-loss' });
  });
});

describe('limit and stop entries (valid for the next bar)', () => {
  // Decision on bar 0 (close 100); the order lives on bar 1 only.
  const entry = (bar: [number, number, number, number], side: typeof LONG | typeof SHORT, price: number) =>
    runScripted(barsFrom([[100, 100, 100, 100], bar, [100, 100, 100, 100]]), [side, FLAT], { slippage: { kind: 'fraction', fraction: 0.01 } }, undefined, {
      entryPrices: [price],
    }).trades[0];
  it('a buy limit below the close fills at the limit when touched, with no slippage', () => {
    expect(entry([99, 99.5, 96, 97], LONG, 97.5)).toMatchObject({ entryBar: 1, entryPrice: 97.5 });
  });
  it('a buy limit fills at the open when the bar gaps below it', () => {
    expect(entry([95, 99, 94, 97], LONG, 97.5)).toMatchObject({ entryPrice: 95 });
  });
  it('a buy stop above the close fills at the stop (plus slippage), or at the open on a gap up', () => {
    expect(entry([100.5, 104, 100, 103], LONG, 102).entryPrice).toBeCloseTo(102 * 1.01, 12);
    expect(entry([105, 106, 104, 105], LONG, 102).entryPrice).toBeCloseTo(105 * 1.01, 12);
  });
  it('a sell limit above the close and a sell stop below it', () => {
    expect(entry([100.5, 104, 100, 103], SHORT, 103)).toMatchObject({ side: 'short', entryPrice: 103 });
    expect(entry([96, 97, 95, 96], SHORT, 98).entryPrice).toBeCloseTo(96 * 0.99, 12);
  });
  it('an order not reached in its bar lapses', () => {
    expect(entry([100.5, 101, 100.2, 100.8], LONG, 99)).toBeUndefined();
  });
  it('an entry filled inside the bar meets its stop from the next bar on', () => {
    const r = runScripted(
      barsFrom([[100, 100, 100, 100], [99, 99.5, 90, 95], [95, 96, 80, 85]]),
      [LONG],
      { stopLoss: { kind: 'percent', percent: 5 } },
      undefined,
      { entryPrices: [97.5] },
    );
    // Filled at 97.5 on bar 1 whose low (90) is below the stop 92.625: not stopped on bar 1; bar 2 opens 95 > stop, low 80 → stop.
    expect(r.trades[0]).toMatchObject({ entryBar: 1, entryPrice: 97.5, exitBar: 2, exitReason: 'stop-loss' });
    expect(r.trades[0].exitPrice).toBeCloseTo(92.625, 12);
  });
});

describe('costs', () => {
  const long = [LONG, undefined, FLAT] as const;
  it('commission as a fraction of traded value, on entry and exit', () => {
    const r = runScripted(rising, [...long], { commission: { fraction: 0.001, fixed: 0 } });
    // Units ⌊9999 / (102 + 0.102)⌋ = 97; commissions 9.894 + 10.282.
    const t = r.trades[0];
    expect(t.size).toBe(97);
    expect(t.commission).toBeCloseTo(9.894 + 10.282, 10);
    expect(t.pnl).toBeCloseTo(97 * 4 - 20.176, 10);
    expect(t.returnPct).toBeCloseTo((106 / 102 - 1 - 20.176 / (97 * 102)) * 100, 10);
    expect(r.stats.commissionsPaid).toBeCloseTo(20.176, 10);
    expect(r.stats.equityFinal).toBeCloseTo(10_367.824, 9);
  });
  it('a fixed commission per order', () => {
    const r = runScripted(rising, [...long], { commission: { fraction: 0, fixed: 5 } });
    // ⌊9999 / (102 + 5 / 0.9999)⌋ = 93 units; 2 orders × 5.
    expect(r.trades[0]).toMatchObject({ size: 93, commission: 10, pnl: 93 * 4 - 10 });
  });
  it('both commissions together', () => {
    const r = runScripted(rising, [...long], { commission: { fraction: 0.001, fixed: 5 } });
    const units = Math.floor(9999 / (102 + 0.102 + 5 / 0.9999));
    expect(r.trades[0].size).toBe(units);
    expect(r.trades[0].commission).toBeCloseTo(10 + units * 0.102 + units * 0.106, 10);
  });
  it('slippage as a fraction of price, against the trader both ways', () => {
    const r = runScripted(rising, [...long], { slippage: { kind: 'fraction', fraction: 0.01 } });
    expect(r.trades[0]).toMatchObject({ size: 97, entryPrice: 103.02, exitPrice: 104.94 });
    expect(r.trades[0].pnl).toBeCloseTo(97 * 1.92, 10);
  });
  it('slippage in ticks', () => {
    const r = runScripted(rising, [...long], { slippage: { kind: 'ticks', ticks: 2, tickSize: 0.5 } });
    expect(r.trades[0]).toMatchObject({ size: 97, entryPrice: 103, exitPrice: 105, pnl: 194 });
  });
  it('spread is paid once, at entry (backtesting.py)', () => {
    const r = runScripted(rising, [...long], { spread: 0.01 });
    expect(r.trades[0]).toMatchObject({ size: 97, entryPrice: 103.02, exitPrice: 106 });
  });
  it('a short pays slippage upward on exit', () => {
    const r = runScripted(rising, [SHORT, undefined, FLAT], { slippage: { kind: 'fraction', fraction: 0.01 } });
    expect(r.trades[0]).toMatchObject({ side: 'short', entryPrice: 100.98, exitPrice: 107.06 });
  });
});

describe('sizing', () => {
  const long = [LONG, undefined, FLAT] as const;
  it('fixed quantity', () => {
    expect(runScripted(rising, [...long], { sizing: { kind: 'fixed-quantity', quantity: 10 } }).trades[0]).toMatchObject({ size: 10, pnl: 40 });
  });
  it('fixed quantity is capped at buying power unless leveraged', () => {
    expect(runScripted(rising, [...long], { sizing: { kind: 'fixed-quantity', quantity: 1000 } }).trades[0].size).toBe(98);
    expect(runScripted(rising, [...long], { sizing: { kind: 'fixed-quantity', quantity: 1000 }, leverage: 2 }).trades[0].size).toBe(196);
  });
  it('fixed cash amount', () => {
    expect(runScripted(rising, [...long], { sizing: { kind: 'fixed-cash', amount: 1000 } }).trades[0]).toMatchObject({ size: 9, pnl: 36 });
  });
  it('risk per trade: 1% of equity lost at the stop', () => {
    const r = runScripted(rising, [...long], { sizing: { kind: 'risk', riskPct: 1 }, stopLoss: { kind: 'percent', percent: 5 } });
    // Stop 5% of 102 = 5.1 away: ⌊100 / 5.1⌋ = 19 units.
    expect(r.trades[0]).toMatchObject({ size: 19, pnl: 76 });
  });
  it('risk sizing without any stop is refused', () => {
    expect(() => runScripted(rising, [...long], { sizing: { kind: 'risk', riskPct: 1 } })).toThrow(/needs a stop/);
  });
  it('fractional units (crypto)', () => {
    const r = runScripted(rising, [...long], { sizing: { kind: 'equity-fraction', fraction: 0.5 }, fractionalUnits: true });
    expect(r.trades[0].size).toBeCloseTo(5000 / 102, 12);
    expect(r.trades[0].pnl).toBeCloseTo((5000 / 102) * 4, 9);
  });
  it('directions: long-only turns a short into flat, short-only the mirror', () => {
    expect(runScripted(rising, [LONG, SHORT], { direction: 'long-only' }).trades.map((t) => [t.side, t.exitBar])).toEqual([['long', 2]]);
    expect(runScripted(rising, [LONG, SHORT], { direction: 'short-only' }).trades.map((t) => [t.side, t.entryBar])).toEqual([['short', 2]]);
  });
});

describe('ruin', () => {
  it('a leveraged long wiped out is closed at that close and trading stops', () => {
    const crash = barsFrom([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 40, 40],
      [40, 200, 40, 200],
    ]);
    const r = runScripted(crash, [LONG, undefined, undefined, LONG], { leverage: 2 });
    // 199 units at 100 (cash −9,900); at 40 equity is −9,900 + 7,960 < 0: closed at 40, no re-entry.
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ size: 199, exitBar: 2, exitPrice: 40, exitReason: 'end' });
    expect(r.stats.maxDrawdownPct).toBe(100);
    expect(r.stats.equityFinal).toBeCloseTo(10_000 - 199 * 60, 9);
  });
});
