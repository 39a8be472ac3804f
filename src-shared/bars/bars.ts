/**
 * OHLCV bars, columnar: one Float64Array per field, index i is bar i. `time` is the bar's OPEN
 * time in UTC epoch ms; a bar covers [time, time + timeframeMs). The arrays may sit on a
 * SharedArrayBuffer (the dataset cache hands the same memory to every worker).
 */
export interface Bars {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Nominal spacing of the bars (1 minute = 60_000). */
  readonly timeframeMs: number;
}

export const BAR_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
export type BarField = (typeof BAR_FIELDS)[number];

export const barCount = (bars: Bars): number => bars.time.length;

/** Bars over a fresh buffer of `length` bars (shared when asked, for the worker cache). */
export function allocateBars(length: number, timeframeMs: number, shared = false): Bars {
  const bytes = length * Float64Array.BYTES_PER_ELEMENT;
  const buffer = shared ? new SharedArrayBuffer(bytes * BAR_FIELDS.length) : new ArrayBuffer(bytes * BAR_FIELDS.length);
  const column = (k: number) => new Float64Array(buffer, k * bytes, length);
  return {
    time: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
    timeframeMs,
  };
}

/** Bars [from, to) as views on the same memory (no copy). */
export function sliceBars(bars: Bars, from: number, to: number): Bars {
  return {
    time: bars.time.subarray(from, to),
    open: bars.open.subarray(from, to),
    high: bars.high.subarray(from, to),
    low: bars.low.subarray(from, to),
    close: bars.close.subarray(from, to),
    volume: bars.volume.subarray(from, to),
    timeframeMs: bars.timeframeMs,
  };
}
