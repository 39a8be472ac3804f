import { allocateBars, type Bars } from '../../src-shared/bars/bars';

/** Bar fixtures for tests and benchmarks: deterministic, no I/O. */
export { randomWalkBars, xorshift } from './random-walk';

/** Bars from rows [open, high, low, close], one `timeframeMs` apart from `start`. */
export function barsFrom(rows: readonly (readonly [number, number, number, number])[], timeframeMs = 86_400_000, start = Date.UTC(2024, 0, 1)): Bars {
  const bars = allocateBars(rows.length, timeframeMs);
  rows.forEach(([open, high, low, close], i) => {
    bars.time[i] = start + i * timeframeMs;
    bars.open[i] = open;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
    bars.volume[i] = 1;
  });
  return bars;
}

/** Aggregate to a higher timeframe aligned to epoch multiples of `timeframeMs` (a partial last bar kept). */
export function resample(bars: Bars, timeframeMs: number): Bars {
  const n = bars.time.length;
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || Math.floor(bars.time[i] / timeframeMs) !== Math.floor(bars.time[i - 1] / timeframeMs)) starts.push(i);
  const out = allocateBars(starts.length, timeframeMs);
  starts.forEach((from, k) => {
    const to = k + 1 < starts.length ? starts[k + 1] : n;
    out.time[k] = Math.floor(bars.time[from] / timeframeMs) * timeframeMs;
    out.open[k] = bars.open[from];
    out.close[k] = bars.close[to - 1];
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    for (let i = from; i < to; i++) {
      high = Math.max(high, bars.high[i]);
      low = Math.min(low, bars.low[i]);
      volume += bars.volume[i];
    }
    out.high[k] = high;
    out.low[k] = low;
    out.volume[k] = volume;
  });
  return out;
}
