// Shared by bench/engine.ts and its sandboxed worker (bench/_engine-sandboxed.ts).
import type { Bars } from '../src-shared/bars/bars';
import { refreshSpan } from '../src-workers/indicators/moving-averages';
import { collectGarbage } from './_gc';

export interface Reference {
  readonly trades: number;
  readonly finalEquity: number;
}

/**
 * The bare loop: SMA(fast)/SMA(slow) crossover with backtesting.py's semantics (decide on the
 * close, fill at the next open, ⌊99.99% of cash / price⌋ units, stop and reverse, close at the
 * last open). The SMAs are running sums with the window re-summed at sma()'s refresh bars, as the
 * library's sma() does, so crossings match bit for bit. No statistics, no equity curve, no
 * trade records: the floor the engine is measured against.
 */
export function bareLoop(bars: Bars, fast: number, slow: number): Reference {
  const { open, close } = bars;
  const n = close.length;
  let fastSum = 0;
  let slowSum = 0;
  const fastSpan = refreshSpan(fast);
  const slowSpan = refreshSpan(slow);
  let fastRefresh = fast - 1;
  let slowRefresh = slow - 1;
  let prevFast = NaN;
  let prevSlow = NaN;
  let cash = 10_000;
  let units = 0;
  let pending = 0;
  let trades = 0;
  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      if (units !== 0) {
        cash += units * open[i];
        units = 0;
        trades++;
      }
      const size = Math.floor((cash * 0.9999) / open[i]);
      if (size > 0) {
        units = pending * size;
        cash -= units * open[i];
      }
      pending = 0;
    }
    const x = close[i];
    if (i < fast - 1) fastSum += x;
    else if (i === fastRefresh) {
      fastRefresh += fastSpan;
      fastSum = 0;
      for (let j = i - fast + 1; j <= i; j++) fastSum += close[j];
    } else fastSum += x - close[i - fast];
    if (i < slow - 1) slowSum += x;
    else if (i === slowRefresh) {
      slowRefresh += slowSpan;
      slowSum = 0;
      for (let j = i - slow + 1; j <= i; j++) slowSum += close[j];
    } else slowSum += x - close[i - slow];
    const f = i >= fast - 1 ? fastSum / fast : NaN;
    const s = i >= slow - 1 ? slowSum / slow : NaN;
    if (prevFast < prevSlow && f > s) pending = 1;
    else if (prevSlow < prevFast && s > f) pending = -1;
    prevFast = f;
    prevSlow = s;
  }
  if (units !== 0) {
    cash += units * open[n - 1];
    trades++;
  }
  return { trades, finalEquity: cash };
}

/**
 * CPU time (user + system) of one call in ms, after a full GC: on a shared machine a longer run
 * is preempted more often than a shorter one, so wall time would bias the ratios. Page faults
 * (system time) count: they are the engine's cost.
 */
export function cpuMs(body: () => void): number {
  collectGarbage();
  const started = process.cpuUsage();
  body();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}
