import { allocateBars, type Bars } from './bars';

/**
 * Resampling to a higher timeframe, aligned in UTC:
 * - a target of whole days or less (1m … 1d, and any N × base that divides a day) is aligned to
 *   UTC midnight (epoch 0), so 4h bars open at 00:00, 04:00, … UTC;
 * - weeks (and multi-week targets) open on MONDAY 00:00 UTC (1970-01-05 is the anchor);
 * - other multiples (e.g. 2d, 90m, 7h) are aligned to epoch 0.
 * A higher bar covers [start, start + target): open = first base open, high = max, low = min,
 * close = last close, volume = sum. Periods with no base bar produce no bar (gaps stay gaps);
 * a period with only some of its base bars (a gap, or the series' start or end) still produces
 * its bar, from the bars that exist.
 */

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** Monday 1970-01-05 00:00 UTC. */
export const WEEK_ANCHOR_MS = 4 * 86_400_000;

/**
 * '90m' → 5_400_000; any whole number of s, m, h, d or w. Throws on anything else, and on a span
 * past 2^53 ms, where the modulo arithmetic of resampling stops being exact (the API's
 * timeframeSchema bounds what a person may type far below that).
 */
export function parseTimeframe(label: string): number {
  const m = /^(\d+)(s|m|h|d|w)$/.exec(label.trim());
  const n = m ? Number(m[1]) : 0;
  if (!m || n <= 0) throw new Error(`timeframe '${label}' is not a whole number of s, m, h, d or w (e.g. 1m, 15m, 4h, 1d, 1w)`);
  const ms = n * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (!Number.isSafeInteger(ms)) throw new Error(`timeframe '${label}' is too long to compute with`);
  return ms;
}

/** 5_400_000 → '90m', 14_400_000 → '4h': the largest unit that divides the span exactly. */
export function formatTimeframe(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

/** Where target periods start: Monday for weeks, else UTC midnight / epoch 0. */
export function alignmentAnchor(targetMs: number): number {
  return targetMs % UNIT_MS.w === 0 ? WEEK_ANCHOR_MS : 0;
}

/** Start of the target period containing time t. */
export function periodStart(t: number, targetMs: number): number {
  const anchor = alignmentAnchor(targetMs);
  return Math.floor((t - anchor) / targetMs) * targetMs + anchor;
}

/**
 * Aggregates `bars` into `targetMs` bars. The target must be a whole multiple of the base
 * timeframe (equal returns the input). `shared` puts the result on a SharedArrayBuffer.
 */
export function resample(bars: Bars, targetMs: number, shared = false): Bars {
  const base = bars.timeframeMs;
  if (!(targetMs > 0) || targetMs % base !== 0) {
    throw new Error(`cannot resample ${formatTimeframe(base)} bars to ${formatTimeframe(targetMs)}: the target must be a whole multiple of the base timeframe`);
  }
  if (targetMs === base) return bars;
  const { time, open, high, low, close, volume } = bars;
  const n = time.length;
  let count = 0;
  let current = Number.NaN;
  for (let i = 0; i < n; i++) {
    const p = periodStart(time[i], targetMs);
    if (p !== current) {
      count++;
      current = p;
    }
  }
  const out = allocateBars(count, targetMs, shared);
  let j = -1;
  current = Number.NaN;
  for (let i = 0; i < n; i++) {
    const p = periodStart(time[i], targetMs);
    if (p !== current) {
      j++;
      current = p;
      out.time[j] = p;
      out.open[j] = open[i];
      out.high[j] = high[i];
      out.low[j] = low[i];
      out.close[j] = close[i];
      out.volume[j] = volume[i];
    } else {
      if (high[i] > out.high[j]) out.high[j] = high[i];
      if (low[i] < out.low[j]) out.low[j] = low[i];
      out.close[j] = close[i];
      out.volume[j] += volume[i];
    }
  }
  return out;
}

/**
 * For each base bar i: the index of the last higher-timeframe bar that is COMPLETE when base bar i
 * closes (its period ended at or before `base.time[i] + base.timeframeMs`), or −1 if none.
 * A strategy on the base series that reads `higher[completed[i]]` can never see the future.
 */
export function completedIndex(base: Bars, higher: Bars): Int32Array {
  const n = base.time.length;
  const out = new Int32Array(n);
  const hTime = higher.time;
  const hTf = higher.timeframeMs;
  let j = -1;
  for (let i = 0; i < n; i++) {
    const closeAt = base.time[i] + base.timeframeMs;
    while (j + 1 < hTime.length && hTime[j + 1] + hTf <= closeAt) j++;
    out[i] = j;
  }
  return out;
}
