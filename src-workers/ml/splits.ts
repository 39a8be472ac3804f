import type { Bars } from '../../src-shared/bars/bars';
import { lowerBound, upperBound } from '../../src-shared/bars/search';
import { BarwiseError } from '../../src-shared/errors';
import { utcTimeText } from '../../src-shared/format';
import type { SplitConfig } from '../../src-shared/ml/config';

/** Bar indices [first, last] of a window (empty when last < first). */
export interface BarRange {
  readonly first: number;
  readonly last: number;
}

export interface SplitRows {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
  readonly ranges: { readonly train: BarRange; readonly validation: BarRange; readonly test: BarRange };
}

/** The first bar from which every column has a value (features are causal: once defined they stay so, NaN aside). */
export function firstDefined(columns: readonly Float64Array[], from: number, to: number): number {
  let first = from;
  for (const values of columns) {
    while (first <= to && Number.isNaN(values[first])) first++;
  }
  return first;
}

/** The three windows as bar ranges: fractions of the bars where the features are defined, or time ranges. */
export function windowRanges(bars: Bars, columns: readonly Float64Array[], split: SplitConfig): SplitRows['ranges'] {
  const { time } = bars;
  const w = split.windows;
  if (w.kind === 'times') {
    const range = (window: { from: number; to: number }): BarRange => ({ first: lowerBound(time, window.from), last: upperBound(time, window.to) - 1 });
    return { train: range(w.train), validation: range(w.validation), test: range(w.test) };
  }
  const lo = w.from === undefined ? 0 : lowerBound(time, w.from);
  const hi = (w.to === undefined ? time.length : upperBound(time, w.to)) - 1;
  const start = firstDefined(columns, lo, hi);
  const m = hi - start + 1;
  const end = (share: number) => start + Math.round(m * share) - 1;
  const trainEnd = end(w.train);
  const validationEnd = end(w.train + w.validation);
  const testEnd = Math.min(hi, end(w.train + w.validation + w.test));
  return {
    train: { first: start, last: trainEnd },
    validation: { first: trainEnd + 1, last: validationEnd },
    test: { first: validationEnd + 1, last: testEnd },
  };
}

/**
 * The rows of each set: the bars t of its window whose features are all defined and whose label
 * is known inside the window (t + horizon ≤ the window's last bar: the purge, so no label
 * reaches into the next window), less the first `embargo` bars of validation and of test.
 * Chronological: train before validation before test.
 */
export function splitRows(bars: Bars, columns: readonly Float64Array[], labels: Float64Array, horizon: number, split: SplitConfig): SplitRows {
  const ranges = windowRanges(bars, columns, split);
  const rowsOf = (range: BarRange, skip: number): Int32Array => {
    const out: number[] = [];
    for (let t = range.first + skip; t + horizon <= range.last; t++) {
      if (Number.isNaN(labels[t])) continue;
      let defined = true;
      for (const values of columns) {
        if (Number.isNaN(values[t])) {
          defined = false;
          break;
        }
      }
      if (defined) out.push(t);
    }
    return Int32Array.from(out);
  };
  const rows = {
    train: rowsOf(ranges.train, 0),
    validation: rowsOf(ranges.validation, split.embargo),
    test: rowsOf(ranges.test, split.embargo),
  };
  for (const set of ['train', 'validation', 'test'] as const) {
    if (rows[set].length < MIN_ROWS) throw tooFew(bars, set, ranges[set], rows[set].length, horizon, split.embargo);
  }
  return { ...rows, ranges };
}

/** Fewest rows a set may have: a handful of rows cannot train or judge a model. */
export const MIN_ROWS = 10;

function tooFew(bars: Bars, set: string, range: BarRange, rows: number, horizon: number, embargo: number): BarwiseError {
  const { time } = bars;
  const span =
    range.last >= range.first && range.first < time.length
      ? `${range.last - range.first + 1} bars from ${utcTimeText(time[range.first])} to ${utcTimeText(time[Math.min(range.last, time.length - 1)])} UTC`
      : 'no bars';
  const after = set === 'train' ? `a horizon of ${horizon}` : `a horizon of ${horizon} and an embargo of ${embargo}`;
  return new BarwiseError('INVALID_CONFIG', `the ${set} window has ${rows} rows with features and a label (${span}, after ${after}); at least ${MIN_ROWS} are needed`);
}
