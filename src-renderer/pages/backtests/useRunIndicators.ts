import { useEffect, useMemo, useState } from 'react';
import type { RunIndicators } from '../../../src-shared/api/runs';
import type { TimeRange } from '../../components/charts/time-axis';
import { errorMessage, useRunsApi } from './api';
import { indicatorLines, indicatorPoints, type IndicatorLine, type IndicatorPoint } from './indicator-model';
import { SERIES_POINTS } from './useRunSeries';

const ZOOM_DEBOUNCE_MS = 120;

/**
 * The run's declared indicators, as useRunSeries gives the equity: the whole run downsampled
 * once, and the zoomed window asked for again after the brush settles, so zooming in shows every
 * bar. Main keeps each line's extremes when it downsamples.
 */
export function useRunIndicators(runId: string, range: TimeRange) {
  const api = useRunsApi();
  const [overview, setOverview] = useState<RunIndicators>();
  const [detail, setDetail] = useState<{ range: TimeRange; data: RunIndicators }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    api.runs
      .indicators({ id: runId, maxPoints: SERIES_POINTS })
      .then((d) => live && setOverview(d))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, runId]);

  const hasAny = (overview?.indicators.length ?? 0) > 0;
  useEffect(() => {
    if (!range || !hasAny) return;
    let live = true;
    const timer = setTimeout(() => {
      api.runs
        .indicators({ id: runId, maxPoints: SERIES_POINTS, from: range.from, to: range.to })
        .then((d) => live && setDetail({ range, data: d }))
        .catch((e: unknown) => live && setError(errorMessage(e)));
    }, ZOOM_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, runId, range, hasAny]);

  const lines = useMemo<IndicatorLine[]>(() => (overview ? indicatorLines(overview) : []), [overview]);
  const shown = range ? (detail?.data ?? overview) : overview;
  const points = useMemo<IndicatorPoint[]>(() => (shown ? indicatorPoints(shown) : []), [shown]);
  return { loaded: overview !== undefined, lines, points, error };
}
