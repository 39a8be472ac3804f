/**
 * Histogram binning (after scikit-learn's `_BinMapper`): each feature's training values are cut
 * at up to maxBins − 1 thresholds, so a value becomes a bin index that fits a uint8. A value x
 * falls in bin b = the number of thresholds below it, so bin ≤ b exactly when x ≤ edges[b]: the
 * tree splits on bins while training and on the same thresholds as raw values when predicting.
 * Thresholds come from the training rows only: a later window's values never shape them.
 */

/**
 * Thresholds of one feature from its training values: the midpoints between consecutive distinct
 * values when there are at most maxBins of them, else the midpoint quantiles at k / maxBins
 * (k = 1 … maxBins − 1; numpy's percentile 'midpoint' method), duplicates removed.
 */
export function binEdges(values: Float64Array, maxBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) edges.push(midpoint(distinct[i - 1], distinct[i]));
  } else {
    const last = sorted.length - 1;
    for (let k = 1; k < maxBins; k++) {
      const position = (k / maxBins) * last;
      const edge = midpoint(sorted[Math.floor(position)], sorted[Math.ceil(position)]);
      if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
    }
  }
  return Float64Array.from(edges);
}

/** The midpoint of a ≤ b, or a itself where they are neighbouring doubles and it would round up onto b (b must stay above the edge). */
function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid < b ? mid : a;
}

/** Number of edges below x (binary search): x's bin. */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Features' values as bins, row-major: bins[r × features + f]. A row's bins sit together, so a
 * histogram pass reads each row once and updates every feature's histogram from it (the updates
 * of one row go to different histograms, so they do not wait on each other).
 */
export interface BinnedMatrix {
  readonly bins: Uint8Array;
  readonly rows: number;
  readonly features: number;
}

export function binColumns(columns: readonly Float64Array[], edges: readonly Float64Array[]): BinnedMatrix {
  const rows = columns.length > 0 ? columns[0].length : 0;
  const bins = new Uint8Array(rows * columns.length);
  const p = columns.length;
  columns.forEach((values, f) => {
    for (let r = 0; r < rows; r++) bins[r * p + f] = binOf(edges[f], values[r]);
  });
  return { bins, rows, features: columns.length };
}
