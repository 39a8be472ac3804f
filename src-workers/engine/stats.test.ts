import { describe, expect, it } from 'vitest';
import type { Trade } from '../../src-shared/backtest';
import { computeStats, drawdownSeries, scanEquity, tradeStats as statsOf } from './stats';
import { tradeTableOf } from './trade-log';

const tradeStats = (trades: readonly Trade[]) => statsOf(tradeTableOf(trades));

const DAY = 86_400_000;
const MONDAY = Date.UTC(2024, 0, 1); // 2024-01-01 was a Monday

function trade(pnl: number, returnPct: number, side: 'long' | 'short' = 'long', barsHeld = 1): Trade {
  return {
    side, size: 1, entryBar: 0, entryTime: 0, entryPrice: 100, exitBar: barsHeld, exitTime: barsHeld * DAY,
    exitPrice: 100, pnl, returnPct, commission: 0, barsHeld, durationMs: barsHeld * DAY, exitReason: 'signal',
  };
}

describe('trade statistics (backtesting.py definitions), by hand', () => {
  const s = tradeStats([trade(100, 10, 'long', 2), trade(-50, -5, 'short', 1), trade(200, 20, 'long', 4)]);
  it('counts and rates', () => {
    expect(s.numTrades).toBe(3);
    expect(s.winRatePct).toBeCloseTo(200 / 3, 12);
    expect([s.longTrades, s.shortTrades, s.longWinRatePct, s.shortWinRatePct]).toEqual([2, 1, 100, 0]);
    expect([s.maxConsecutiveWins, s.maxConsecutiveLosses]).toEqual([1, 1]);
  });
  it('average trade is the geometric mean of returns; expectancy the arithmetic mean', () => {
    expect(s.avgTradePct).toBeCloseTo(((1.1 * 0.95 * 1.2) ** (1 / 3) - 1) * 100, 12);
    expect(s.expectancyPct).toBeCloseTo(25 / 3, 12);
  });
  it('profit factor on returns, SQN and Kelly on P&L', () => {
    expect(s.profitFactor).toBeCloseTo(0.3 / 0.05, 12);
    const mean = 250 / 3;
    const std = Math.sqrt(((100 - mean) ** 2 + (-50 - mean) ** 2 + (200 - mean) ** 2) / 2);
    expect(s.sqn).toBeCloseTo((Math.sqrt(3) * mean) / std, 12);
    // W − (1 − W) / (avg win / avg loss) = 2/3 − (1/3) / (150 / 50)
    expect(s.kellyCriterion).toBeCloseTo(2 / 3 - 1 / 9, 12);
    expect(s.winLossRatio).toBe(3);
  });
  it('wins, losses and durations', () => {
    expect([s.grossProfit, s.grossLoss, s.largestWinPnl, s.largestLossPnl]).toEqual([300, -50, 200, -50]);
    expect([s.avgWinningTradePnl, s.avgLosingTradePnl]).toEqual([150, -50]);
    expect([s.avgBarsInWinningTrades, s.avgBarsInLosingTrades]).toEqual([3, 1]);
    expect([s.maxTradeDurationMs, s.avgTradeDurationMs]).toEqual([4 * DAY, (7 / 3) * DAY]);
    expect([s.bestTradePct, s.worstTradePct]).toEqual([20, -5]);
  });
  it('undefined statistics are null, not NaN', () => {
    const none = tradeStats([]);
    expect([none.winRatePct, none.sqn, none.profitFactor, none.kellyCriterion, none.avgTradePct]).toEqual([null, null, null, null, null]);
    const onlyWins = tradeStats([trade(1, 1), trade(2, 2)]);
    expect([onlyWins.profitFactor, onlyWins.kellyCriterion, onlyWins.maxConsecutiveWins]).toEqual([null, null, 2]);
  });
  it('a return of −100% or worse makes the geometric mean 0 (backtesting.py)', () => {
    expect(tradeStats([trade(-100, -100), trade(10, 10)]).avgTradePct).toBe(0);
  });
  it('takes the geometric mean of the product: growths that multiply to exactly 1 average exactly 0', () => {
    // 2 × 0.5 × 1.25 × 0.8 = 1 in binary floating point; a sum of their logarithms is not exactly 0.
    const returns = [100, -50, 25, -20];
    expect(tradeStats(returns.map((r) => trade(r, r))).avgTradePct).toBe(0);
  });
  it('keeps the product finite when it grows past the double range, and exact by powers of two', () => {
    // 40 trades of +(2^100 − 1) × 100 %: ∏ = 2^4000 overflows a double; the mean growth is 2^100.
    const r = (2 ** 100 - 1) * 100;
    expect(tradeStats(Array.from({ length: 40 }, () => trade(1, r))).avgTradePct).toBeCloseTo(r, -(Math.log10(r) - 12));
    // … and past its low end: 200 trades each keeping 2^-10 of the stake (∏ = 2^-2000 underflows).
    const loss = (2 ** -10 - 1) * 100;
    expect(tradeStats(Array.from({ length: 200 }, () => trade(-1, loss))).avgTradePct).toBeCloseTo(loss, 12);
  });
  it('a factor beyond 2^±256 falls back to the logarithms, with the same mean', () => {
    const huge = 1e80 * 100; // 1 + r = 1e80 + 1 > 2^256
    const expected = (Math.exp((Math.log(1 + huge / 100) + Math.log(0.5)) / 2) - 1) * 100;
    expect(tradeStats([trade(1, huge), trade(-1, -50)]).avgTradePct).toBeCloseTo(expected, -(Math.log10(expected) - 12));
  });
});

describe('equity statistics, by hand', () => {
  // Four daily bars Monday–Thursday: no weekends → 252 days a year.
  const time = Float64Array.from([0, 1, 2, 3].map((d) => MONDAY + d * DAY));
  const equity = Float64Array.from([100, 110, 99, 121]);
  const close = Float64Array.from([10, 11, 12, 15]);
  const { stats: s, drawdownPct } = computeStats({
    time, close, equity, trades: tradeTableOf([]), initialCash: 100, timeframeMs: DAY, firstTradableBar: 1,
    commissionsPaid: 0, exposedBars: 2, riskFreeRate: 0,
  });
  it('drawdown per bar from the running peak', () => {
    expect(Array.from(drawdownSeries(equity))).toEqual(Array.from(drawdownPct));
    expect(Array.from(drawdownPct)).toEqual([0, 0, (1 - 99 / 110) * 100, 0]);
    expect(s.maxDrawdownPct).toBeCloseTo(10, 12);
  });
  it('drawdown periods: peak, duration', () => {
    expect(s.avgDrawdownPct).toBeCloseTo(10, 12);
    expect(s.maxDrawdownDurationMs).toBe(2 * DAY);
    expect(s.avgDrawdownDurationMs).toBe(2 * DAY);
  });
  it('returns, buy & hold from the first tradable bar, exposure, run-up', () => {
    expect(s.returnPct).toBeCloseTo(21, 12);
    expect(s.buyHoldReturnPct).toBeCloseTo((15 / 11 - 1) * 100, 12);
    expect(s.exposureTimePct).toBe(50);
    expect(s.equityPeak).toBe(121);
    expect(s.maxRunUpPct).toBeCloseTo((121 / 99 - 1) * 100, 12); // from the trough at 99
  });
  it('annualization: geometric mean of the daily returns after the first day, 252 days', () => {
    const r = [0, 0.1, 99 / 110 - 1, 121 / 99 - 1];
    // The first day has no return (pandas' NaN, dropped): 3 real returns compounding to 1.21.
    const g = 1.21 ** (1 / 3) - 1;
    const annual = (1 + g) ** 252 - 1;
    expect(s.periodsPerYear).toBe(252);
    expect(s.annualizedReturnPct).toBeCloseTo(annual * 100, 6);
    const real = r.slice(1);
    const mean = real.reduce((a, b) => a + b) / 3;
    const variance = real.reduce((a, b) => a + (b - mean) ** 2, 0) / 2;
    const vol = Math.sqrt((variance + (1 + g) ** 2) ** 252 - (1 + g) ** 504);
    expect(s.annualizedVolatilityPct! / (vol * 100)).toBeCloseTo(1, 12);
    expect(s.sharpe! / (annual / vol)).toBeCloseTo(1, 12);
    const downside = Math.sqrt((99 / 110 - 1) ** 2 / 3) * Math.sqrt(252);
    expect(s.sortino! / (annual / downside)).toBeCloseTo(1, 12);
    expect(s.calmar! / (annual / 0.1)).toBeCloseTo(1, 12);
    // backtesting.py's CAGR: years = calendar days / 365.25 (3 days here).
    expect(s.cagrPct! / ((1.21 ** (365.25 / 3) - 1) * 100)).toBeCloseTo(1, 12);
  });
  it('beta: covariance of the daily log returns of equity and close over the close\'s variance; alpha against buy & hold', () => {
    // Bars are days here, so these are backtesting.py's bar-to-bar log returns.
    const r = [Math.log(110 / 100), Math.log(99 / 110), Math.log(121 / 99)];
    const m = [Math.log(11 / 10), Math.log(12 / 11), Math.log(15 / 12)];
    const mean = (v: number[]) => v.reduce((a, b) => a + b) / v.length;
    const [mr, mm] = [mean(r), mean(m)];
    const beta = r.reduce((a, x, k) => a + (x - mr) * (m[k] - mm), 0) / m.reduce((a, x) => a + (x - mm) ** 2, 0);
    expect(s.beta! / beta).toBeCloseTo(1, 12);
    expect(s.alphaPct! / (21 - beta * s.buyHoldReturnPct!)).toBeCloseTo(1, 12);
  });
  it('365 days a year when the data trades on weekends; 52 for weekly bars', () => {
    const everyDay = Float64Array.from({ length: 14 }, (_, d) => MONDAY + d * DAY);
    // Through the statistics' own pass, on a flat equity path of the same length.
    const periodsPerYear = (t: Float64Array, timeframeMs: number) =>
      scanEquity(t, new Float64Array(t.length).fill(10), new Float64Array(t.length).fill(100), timeframeMs).periodsPerYear;
    expect(periodsPerYear(everyDay, DAY)).toBe(365);
    expect(periodsPerYear(time, DAY)).toBe(252);
    expect(periodsPerYear(time, 7 * DAY)).toBe(52);
  });
  // Weekly, monthly and yearly bars: each bar is its own week, month or year, and a year has 52,
  // 12 or 1 of them (backtesting.py's 'W', 'ME' and 'YE'): equity 100, 110, 99, 108.9 compounds
  // 1.1 × 0.9 × 1.1 over three periods.
  it.each([
    { spacing: 'weekly', timeframeMs: 7 * DAY, perYear: 52, times: [0, 7, 14, 21].map((d) => MONDAY + d * DAY) },
    { spacing: 'monthly', timeframeMs: 31 * DAY, perYear: 12, times: [0, 1, 2, 3].map((k) => Date.UTC(2024, k + 1, 0)) },
    { spacing: 'yearly', timeframeMs: 366 * DAY, perYear: 1, times: [0, 1, 2, 3].map((k) => Date.UTC(2020 + k, 11, 31)) },
  ])('$spacing bars annualize with $perYear periods a year', ({ timeframeMs, perYear, times }) => {
    const eq = Float64Array.from([100, 110, 99, 108.9]);
    const { stats: r } = computeStats({
      time: Float64Array.from(times), close: eq, equity: eq, trades: tradeTableOf([]), initialCash: 100,
      timeframeMs, firstTradableBar: 0, commissionsPaid: 0, exposedBars: 0, riskFreeRate: 0,
    });
    const g = (1.1 * 0.9 * 1.1) ** (1 / 3) - 1;
    const returns = [0.1, -0.1, 0.1];
    const variance = returns.reduce((a, x) => a + (x - 1 / 30) ** 2, 0) / 2;
    expect(r.periodsPerYear).toBe(perYear);
    expect(r.annualizedReturnPct! / (((1 + g) ** perYear - 1) * 100)).toBeCloseTo(1, 12);
    expect(r.annualizedVolatilityPct! / (Math.sqrt((variance + (1 + g) ** 2) ** perYear - (1 + g) ** (2 * perYear)) * 100)).toBeCloseTo(1, 12);
    expect(r.sortino! / (((1 + g) ** perYear - 1) / (Math.sqrt(0.01 / 3) * Math.sqrt(perYear)))).toBeCloseTo(1, 12);
    // The market is the equity itself here: beta 1, alpha 0.
    expect(r.beta).toBeCloseTo(1, 12);
  });
  it('intraday bars are resampled to the last equity of each UTC day', () => {
    const hours = Float64Array.from({ length: 48 }, (_, h) => MONDAY + h * 3_600_000);
    const eq = Float64Array.from({ length: 48 }, (_, h) => (h < 24 ? 100 + h : 200));
    const { stats: r } = computeStats({
      time: hours, close: eq, equity: eq, trades: tradeTableOf([]), initialCash: 100,
      timeframeMs: 3_600_000, firstTradableBar: 0, commissionsPaid: 0, exposedBars: 0, riskFreeRate: 0,
    });
    // Days end at 123 and 200: one real return 200/123 − 1, the geometric mean of itself.
    expect(r.annualizedReturnPct! / ((200 / 123) ** 252 - 1) / 100).toBeCloseTo(1, 12);
  });
});
