import type { Bars } from '../../src-shared/bars/bars';

/**
 * For each base bar i, the index of the last higher-timeframe bar that had CLOSED by the close of
 * base bar i (−1 if none). A 4h bar opening at T closes at T + 4h; a 15m bar opening at t closes at
 * t + 15m, so the 4h bar is usable from the 15m bar with t + 15m ≥ T + 4h. Using the still-forming
 * 4h bar would leak its future close into earlier decisions.
 */
export function lastClosedIndex(base: Bars, higher: Bars): Int32Array {
  const n = base.time.length;
  const out = new Int32Array(n);
  const m = higher.time.length;
  let k = -1;
  for (let i = 0; i < n; i++) {
    const baseClose = base.time[i] + base.timeframeMs;
    while (k + 1 < m && higher.time[k + 1] + higher.timeframeMs <= baseClose) k++;
    out[i] = k;
  }
  return out;
}
