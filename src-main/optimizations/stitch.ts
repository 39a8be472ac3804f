import type { BacktestStats, Trade } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { lowerBound } from '../../src-shared/bars/search';
import { statistics } from '../../src-workers/engine/stats';
import { tradeTableOf } from '../../src-workers/engine/trade-log';
import type { StoredWindow } from './windows';

export interface StitchedCurve {
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly trades: readonly Trade[];
  readonly stats: BacktestStats;
}

/**
 * The out-of-sample windows joined into one run, as if one account had traded them in turn:
 * window k's run started with `cash`; its equity and its trades' money are scaled by what the
 * account held when the window began (the previous window's final equity ÷ cash), so returns
 * compound across windows, and each trade's returnPct is its own. The statistics are the engine's
 * own (src-workers/engine/stats.ts) over the stitched curve: the same definitions as any run's.
 * The windows tile the tested period (walkForwardWindows), so the curve has no gap or overlap.
 */
export function stitchWindows(windows: readonly StoredWindow[], bars: Bars, cash: number, riskFreeRate: number): StitchedCurve {
  const n = windows.reduce((sum, w) => sum + w.oosTime.length, 0);
  const time = new Float64Array(n);
  const equity = new Float64Array(n);
  const close = new Float64Array(n);
  const trades: Trade[] = [];
  let at = 0;
  let account = cash;
  let commissions = 0;
  let exposedBars = 0;
  for (const w of windows) {
    const scale = account / cash;
    const first = lowerBound(bars.time, w.oosTime[0] ?? Infinity);
    for (let i = 0; i < w.oosTime.length; i++) {
      time[at + i] = w.oosTime[i];
      equity[at + i] = w.oosEquity[i] * scale;
      close[at + i] = bars.close[first + i];
    }
    at += w.oosTime.length;
    for (const t of w.oosTrades) {
      trades.push({ ...t, size: t.size * scale, pnl: t.pnl * scale, commission: t.commission * scale, entryBar: t.entryBar, exitBar: t.exitBar });
    }
    if (w.oosStats) {
      commissions += w.oosStats.commissionsPaid * scale;
      exposedBars += Math.round((w.oosStats.exposureTimePct / 100) * w.oosTime.length);
    }
    if (w.oosEquity.length > 0) account = w.oosEquity[w.oosEquity.length - 1] * scale;
  }
  const stats = statistics({
    time,
    close,
    equity,
    trades: tradeTableOf(trades),
    initialCash: cash,
    timeframeMs: bars.timeframeMs,
    firstTradableBar: 0,
    commissionsPaid: commissions,
    exposedBars,
    riskFreeRate,
  });
  return { time, equity, trades, stats };
}

/**
 * Walk-forward efficiency: the annualized out-of-sample return over the annualized in-sample
 * return of the parameters chosen there (Pardo). Per window, its OOS run's over its IS best's;
 * overall, the stitched curve's over the mean of the windows' IS figures. null where the in-sample
 * return is 0 or undefined.
 */
export function walkForwardEfficiency(oosAnnualPct: number | null | undefined, isAnnualPct: readonly (number | null | undefined)[]): number | null {
  const known = isAnnualPct.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (typeof oosAnnualPct !== 'number' || !Number.isFinite(oosAnnualPct) || known.length === 0) return null;
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  return mean === 0 ? null : oosAnnualPct / mean;
}
