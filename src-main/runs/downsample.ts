import { createLTTB } from 'downsample';

/**
 * Which bars of a run's per-bar series to send to a chart of about `maxPoints` points.
 *
 * LTTB (the `downsample` package) keeps the shape of the equity curve, but it picks points of one
 * series only and may drop the deepest point of the drawdown. So we add, per bucket, the bars of
 * the lowest and highest drawdown, and always the first, last and deepest-drawdown bars: no
 * drawdown extreme disappears at any zoom. Indices are ascending and unique.
 *
 * Speed (a 1,000,000-bar run must open in well under a second): LTTB runs on candidates, the bars
 * of each fine bucket's lowest and highest equity (8 buckets per output point), not on every bar.
 * Every peak and trough of the curve at that resolution is a candidate, so LTTB sees the shape.
 */
export function chartIndices(equity: Float64Array, drawdownPct: Float64Array, maxPoints: number): Uint32Array {
  const n = equity.length;
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);

  const candidates = extremaPerBucket(equity, Math.min(n, maxPoints * 8));
  const lttbPoints = Math.max(3, Math.floor(maxPoints / 2));
  const lttb = createLTTB<number>({ x: (i: number) => i, y: (i: number) => equity[i] });
  for (const i of lttb(candidates, lttbPoints) as number[]) keep[i] = 1;

  let deepest = 0;
  forEachBucketExtremes(drawdownPct, Math.max(1, Math.floor(maxPoints / 4)), (lo, hi) => {
    keep[lo] = 1;
    keep[hi] = 1;
    if (drawdownPct[hi] > drawdownPct[deepest]) deepest = hi;
  });
  keep[0] = 1;
  keep[n - 1] = 1;
  keep[deepest] = 1;

  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) out[k++] = i;
  return out;
}

/** Splits `values` into `buckets` equal runs and calls back with each run's lowest and highest index. */
function forEachBucketExtremes(values: Float64Array, buckets: number, visit: (lo: number, hi: number) => void): void {
  const n = values.length;
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    visit(lo, hi);
  }
}

/** First, last, and each bucket's lowest and highest value's index, ascending. */
function extremaPerBucket(values: Float64Array, buckets: number): number[] {
  const out: number[] = [0];
  forEachBucketExtremes(values, buckets, (lo, hi) => {
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    if (first > out[out.length - 1]) out.push(first);
    if (second > out[out.length - 1]) out.push(second);
  });
  if (out[out.length - 1] !== values.length - 1) out.push(values.length - 1);
  return out;
}

export function pick(values: Float64Array, indices: Uint32Array): number[] {
  const out = new Array<number>(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]];
  return out;
}

/**
 * Which bars of a run's indicators to draw on a chart of about `maxPoints` points: one set of
 * bars for all of them (they share the time axis, so the chart and its tooltip read one row per
 * point), made of each series' lowest and highest value per bucket, as chartIndices keeps the
 * drawdown's extremes, so no peak or trough of any line disappears. NaN (the warm-up) is skipped
 * when a bucket has a value; a bucket of NaN only keeps its first bar, so the line shows its gap.
 * Indices are ascending and unique, the first and last bar included.
 */
export function indicatorIndices(series: readonly Float64Array[], n: number, maxPoints: number): Uint32Array {
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / (2 * Math.max(1, series.length))));
  const size = n / buckets;
  for (const values of series) {
    for (let b = 0; b < buckets; b++) {
      const start = Math.floor(b * size);
      const end = Math.min(n, Math.floor((b + 1) * size));
      let lo = -1;
      let hi = -1;
      for (let i = start; i < end; i++) {
        const v = values[i];
        if (v !== v) continue;
        if (lo < 0 || v < values[lo]) lo = i;
        if (hi < 0 || v > values[hi]) hi = i;
      }
      if (lo < 0) keep[start] = 1;
      else {
        keep[lo] = 1;
        keep[hi] = 1;
      }
    }
  }
  keep[0] = 1;
  keep[n - 1] = 1;
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) out[k++] = i;
  return out;
}

export function pickFloat64(values: Float64Array, indices: Uint32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]];
  return out;
}
