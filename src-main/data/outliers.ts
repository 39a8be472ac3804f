/**
 * Rows far outside the file's own time range: a year-0000, 1900 or 9999 row among 2024 bars, a
 * line of "5,5,5,…" read as epoch 5 at 1970-01-01, a typo'd year. Such a time parses, so no row
 * check catches it, and kept as a bar it would stretch the dataset over centuries of "gap".
 *
 * The rule keeps every bar of any real series, however gappy or long: the body of the file is its
 * largest run of bars with no step longer than both 1,000 bars and a year (so holidays, weekends
 * and a long outage stay inside it), grown outwards over any step no longer than the body's own
 * span (a sparse early history joins it). What lies beyond is far outside only when it is a few
 * rows: at most 1% of the bars (or 1) on that side. So a file that really spans decades is one
 * body, two real periods of any size both stay, and a file of two bars is never judged.
 */

/** Steps up to this many bars, or a year, never separate rows. */
export const OUTLIER_GAP_BARS = 1000;
export const OUTLIER_GAP_MIN_MS = 366 * 86_400_000;
/** What lies beyond the body is dropped only when it is at most this share of the bars (or one bar). */
export const OUTLIER_SHARE = 0.01;

/** The kept bars: indices [from, to) of the ascending times. */
export interface Body {
  readonly from: number;
  readonly to: number;
}

/** The file's body among ascending, distinct times; the whole file when nothing is far outside. */
export function mainBody(time: Float64Array, timeframeMs: number): Body {
  const n = time.length;
  const whole = { from: 0, to: n };
  if (n < 3) return whole;
  const longStep = Math.max(OUTLIER_GAP_BARS * timeframeMs, OUTLIER_GAP_MIN_MS);
  // Runs of bars split at long steps: run g is [starts[g], starts[g + 1]).
  const starts = [0];
  for (let i = 1; i < n; i++) if (time[i] - time[i - 1] > longStep) starts.push(i);
  starts.push(n);
  const runs = starts.length - 1;
  if (runs === 1) return whole;
  let largest = 0;
  let tie = false;
  for (let g = 1; g < runs; g++) {
    const size = starts[g + 1] - starts[g];
    const best = starts[largest + 1] - starts[largest];
    if (size > best) [largest, tie] = [g, false];
    else if (size === best) tie = true;
  }
  if (tie) return whole; // no body stands out: nothing to judge against
  // Grow the body over the nearer neighbouring run while the step to it is no longer than its span.
  let lo = largest;
  let hi = largest + 1;
  for (;;) {
    const from = starts[lo];
    const to = starts[hi];
    const reach = Math.max(longStep, time[to - 1] - time[from]);
    const left = lo > 0 ? time[from] - time[from - 1] : Infinity;
    const right = hi < runs ? time[to] - time[to - 1] : Infinity;
    if (left <= reach && left <= right) lo--;
    else if (right <= reach) hi++;
    else break;
  }
  const limit = Math.max(1, Math.floor(n * OUTLIER_SHARE));
  const from = starts[lo] <= limit ? starts[lo] : 0;
  const to = n - starts[hi] <= limit ? starts[hi] : n;
  return { from, to };
}
