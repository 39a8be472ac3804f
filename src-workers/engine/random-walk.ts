import { allocateBars, type Bars } from '../../src-shared/bars/bars';

/**
 * Seeded bars for the look-ahead check, tests and benchmarks: xorshift32, so the same seed gives
 * the same bars on every machine.
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
