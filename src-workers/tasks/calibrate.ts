import type { TaskContext } from './context';

/**
 * A deterministic CPU-bound kernel: an SMA-cross grid over a seeded random walk. It measures a
 * thread's compute throughput (bench, Health page) and warms each new worker's JIT; it allocates
 * only its input, so its speed reflects compute, not GC.
 */
export interface CalibratePayload {
  /** Bars in the synthetic series. */
  readonly bars: number;
  /** Fast and slow SMA lengths; the grid is their cross product (fast < slow only). */
  readonly fast: readonly number[];
  readonly slow: readonly number[];
  readonly seed?: number;
}

export interface CalibrateResult {
  readonly runs: number;
  readonly bestFast: number;
  readonly bestSlow: number;
  readonly bestReturn: number;
  /** Sum of every run's final equity: pins determinism in tests. */
  readonly checksum: number;
}

export function randomWalk(length: number, seed = 1): Float64Array {
  const close = new Float64Array(length);
  let state = seed >>> 0 || 1;
  let price = 100;
  for (let i = 0; i < length; i++) {
    // xorshift32: the same series for the same seed on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    price *= 1 + ((state >>> 0) / 4294967296 - 0.5) * 0.02;
    close[i] = price;
  }
  return close;
}

/** Final equity (start 1) of a long-only SMA cross on `close`. */
export function smaCross(close: Float64Array, fast: number, slow: number): number {
  let sumFast = 0;
  let sumSlow = 0;
  let equity = 1;
  let inPosition = false;
  let entry = 0;
  for (let i = 0; i < close.length; i++) {
    const c = close[i];
    sumFast += c;
    sumSlow += c;
    if (i >= fast) sumFast -= close[i - fast];
    if (i >= slow) sumSlow -= close[i - slow];
    if (i + 1 < slow) continue;
    const long = sumFast / fast > sumSlow / slow;
    if (long && !inPosition) {
      inPosition = true;
      entry = c;
    } else if (!long && inPosition) {
      inPosition = false;
      equity *= c / entry;
    }
  }
  if (inPosition) equity *= close[close.length - 1] / entry;
  return equity;
}

export function calibrate(payload: CalibratePayload, ctx?: TaskContext): CalibrateResult {
  const { bars, fast, slow } = payload;
  if (!Number.isInteger(bars) || bars < 2) throw new RangeError(`calibrate.bars must be an integer ≥ 2, got ${bars}`);
  const close = randomWalk(bars, payload.seed ?? 1);
  const pairs = fast.flatMap((f) => slow.filter((s) => f < s).map((s) => [f, s] as const));
  let best = { fast: 0, slow: 0, equity: -Infinity };
  let checksum = 0;
  pairs.forEach(([f, s], k) => {
    ctx?.checkpoint(k / pairs.length, `run ${k + 1} of ${pairs.length}`);
    const equity = smaCross(close, f, s);
    checksum += equity;
    if (equity > best.equity) best = { fast: f, slow: s, equity };
  });
  return { runs: pairs.length, bestFast: best.fast, bestSlow: best.slow, bestReturn: best.equity - 1, checksum };
}

/** Compiles the kernel on a small slice so the first real task runs at full speed. */
export function warmUpCalibrate(): void {
  calibrate({ bars: 2_000, fast: [5, 10], slow: [20, 40] });
}
