import { allocateBars, type Bars } from '../../src-shared/bars/bars';

/**
 * Bar fixtures for tests and benchmarks: deterministic (xorshift32, seeded), no I/O. Lives
 * beside the engine because the strategies' look-ahead test and bench/engine.ts share it.
 */

export function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** A geometric random walk with consistent OHLC (low ≤ open, close ≤ high). */
export function randomWalkBars(n: number, seed: number, timeframeMs = 60_000, start = Date.UTC(2024, 0, 1), volatility = 0.002): Bars {
  const random = xorshift(seed);
  const bars = allocateBars(n, timeframeMs);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    price *= 1 + (random() - 0.5) * 2 * volatility;
    bars.time[i] = start + i * timeframeMs;
    bars.open[i] = open;
    bars.close[i] = price;
    bars.high[i] = Math.max(open, price) * (1 + random() * volatility);
    bars.low[i] = Math.min(open, price) * (1 - random() * volatility);
    bars.volume[i] = 1 + Math.floor(random() * 1000);
  }
  return bars;
}

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
