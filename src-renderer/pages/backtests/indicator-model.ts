import type { RunIndicators } from '../../../src-shared/api/runs';

/** Lines without a colour of their own take these in turn (charts.css: light and dark themes). */
export const INDICATOR_PALETTE = ['var(--chart-ind-1)', 'var(--chart-ind-2)', 'var(--chart-ind-3)', 'var(--chart-ind-4)', 'var(--chart-ind-5)', 'var(--chart-ind-6)'];

/** One declared indicator as the charts draw it. */
export interface IndicatorLine {
  /** The key of its values in each IndicatorPoint (`i0`, `i1`, … in declaration order). */
  readonly key: string;
  readonly name: string;
  readonly overlay: boolean;
  readonly color: string;
  /** "4h" when it was computed on a higher timeframe. */
  readonly timeframe?: string;
}

/** One point of the indicators' shared time axis: `time` and a value per line key (null: none, a gap in the line). */
export type IndicatorPoint = { readonly time: number } & Readonly<Record<string, number | null>>;

export function indicatorLines(data: RunIndicators): IndicatorLine[] {
  let next = 0;
  return data.indicators.map((i, k) => ({
    key: `i${k}`,
    name: i.name,
    overlay: i.overlay,
    color: i.color ?? INDICATOR_PALETTE[next++ % INDICATOR_PALETTE.length],
    ...(i.timeframe === undefined ? {} : { timeframe: i.timeframe }),
  }));
}

/** Rows for recharts: NaN becomes null, which recharts draws as a gap (a NaN would break the path). */
export function indicatorPoints(data: RunIndicators): IndicatorPoint[] {
  const points = new Array<IndicatorPoint>(data.time.length);
  for (let p = 0; p < data.time.length; p++) {
    const row: Record<string, number | null> = { time: data.time[p] };
    data.indicators.forEach((i, k) => {
      const v = i.values[p];
      row[`i${k}`] = Number.isFinite(v) ? v : null;
    });
    points[p] = row as IndicatorPoint;
  }
  return points;
}

/** The lowest and highest value of these lines between from and to (inclusive), or null when none has one there. */
export function valueRange(points: readonly IndicatorPoint[], keys: readonly string[], from: number, to: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const point of points) {
    if (point.time < from || point.time > to) continue;
    for (const key of keys) {
      const v = point[key];
      if (v === null || v === undefined) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
