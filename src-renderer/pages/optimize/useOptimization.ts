import { useCallback, useEffect, useRef, useState } from 'react';
import type { OptimizationDetail } from '../../../src-shared/api/optimizations';
import { onBarwiseEvent } from '../../app/store';
import { errorMessage, useRunsApi } from '../backtests/api';

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly bestObjective: number | null;
  /** Estimated ms left, from the rate since this page first saw the optimization running. */
  readonly etaMs: number | null;
}

const POLL_MS = 2000;

/**
 * An optimization as it runs: progress and best-so-far from `optimization` events (an ETA from
 * their rate), and the row read again when it finishes (or by a slow poll, should an event be
 * missed). The view is keyed by the id, so a new id starts afresh.
 */
export function useOptimization(id: string) {
  const api = useRunsApi();
  const [optimization, setOptimization] = useState<OptimizationDetail>();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  const start = useRef<{ at: number; done: number } | undefined>(undefined);

  const show = useCallback((o: OptimizationDetail) => {
    setOptimization(o);
    setProgress((p) => p ?? { done: o.variantsDone, total: o.variantsTotal, bestObjective: o.best?.objective ?? null, etaMs: null });
    setError(undefined);
  }, []);
  const reload = useCallback(
    () =>
      api.optimizations
        .get({ id })
        .then(show)
        .catch((e: unknown) => setError(errorMessage(e))),
    [api, id, show],
  );

  useEffect(() => {
    let live = true;
    api.optimizations
      .get({ id })
      .then((o) => live && show(o))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    const stop = onBarwiseEvent((event) => {
      if (event.topic !== 'optimization' || event.id !== id) return;
      const now = Date.now();
      start.current ??= { at: now, done: event.variantsDone };
      const rate = (event.variantsDone - start.current.done) / Math.max(1, now - start.current.at);
      const etaMs = rate > 0 ? (event.variantsTotal - event.variantsDone) / rate : null;
      setProgress({ done: event.variantsDone, total: event.variantsTotal, bestObjective: event.bestObjective, etaMs });
      if (event.status !== 'running' && event.status !== 'queued') void reload();
      else setOptimization((o) => (o && o.status !== event.status ? { ...o, status: event.status as OptimizationDetail['status'] } : o));
    });
    return () => {
      live = false;
      stop();
    };
  }, [api, id, reload, show]);

  const active = optimization?.status === 'queued' || optimization?.status === 'running';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [active, reload]);

  return { optimization, progress, error, reload, active };
}
