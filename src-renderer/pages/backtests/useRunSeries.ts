import { useEffect, useState } from 'react';
import type { RunSeries } from '../../../src-shared/api/runs';
import type { TimeRange } from '../../components/charts/time-axis';
import { errorMessage, useRunsApi } from './api';

/** Points per chart: enough for a crisp line at any window width, never the whole run. */
export const SERIES_POINTS = 1500;
const ZOOM_DEBOUNCE_MS = 120;

export interface SeriesPoint {
  readonly time: number;
  readonly equity: number;
  readonly drawdown: number;
  readonly buyHold?: number;
}

export function toPoints(series: RunSeries): SeriesPoint[] {
  const points = new Array<SeriesPoint>(series.time.length);
  for (let i = 0; i < series.time.length; i++) {
    points[i] = {
      time: series.time[i],
      equity: series.equity[i],
      drawdown: -series.drawdownPct[i],
      buyHold: series.buyHoldEquity?.[i],
    };
  }
  return points;
}

/**
 * The overview (whole run, downsampled once) and the detail for the zoomed window, re-queried
 * from main with from/to after the brush settles, so zooming in shows every bar again.
 */
export function useRunSeries(runId: string, range: TimeRange) {
  const api = useRunsApi();
  const [overview, setOverview] = useState<{ points: SeriesPoint[]; total: number }>();
  const [detail, setDetail] = useState<{ range: TimeRange; points: SeriesPoint[] }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    api.runs
      .series({ id: runId, maxPoints: SERIES_POINTS })
      .then((s) => live && setOverview({ points: toPoints(s), total: s.totalPoints }))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, runId]);

  useEffect(() => {
    if (!range) return;
    let live = true;
    const timer = setTimeout(() => {
      api.runs
        .series({ id: runId, maxPoints: SERIES_POINTS, from: range.from, to: range.to })
        .then((s) => live && setDetail({ range, points: toPoints(s) }))
        .catch((e: unknown) => live && setError(errorMessage(e)));
    }, ZOOM_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, runId, range]);

  // While a new window loads, the last detail (or the overview) stays on screen; the axis domain already follows the brush.
  const visible = range ? (detail?.points ?? overview?.points) : overview?.points;
  return { overview: overview?.points, visible, totalPoints: overview?.total ?? 0, error };
}
