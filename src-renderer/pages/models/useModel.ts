import { useCallback, useEffect, useState } from 'react';
import { FINISHED_MODEL_STATUSES, type Lineage, type ModelDetail } from '../../../src-shared/api/models';
import type { FeatureImportance } from '../../../src-shared/ml/results';
import { toErrorValue } from '../../../src-shared/errors';
import { onBarwiseEvent, useApi } from '../../app/store';

export interface TrainingProgress {
  readonly fraction: number;
  readonly message: string;
}

/** Refreshes while a model trains: its status moves through phases that raise no job event. */
const POLL_MS = 1000;

export const isUnfinished = (status: ModelDetail['status']) => !FINISHED_MODEL_STATUSES.includes(status);

/**
 * One model with its importance and lineage, followed while it trains: progress (round and
 * validation loss) from its job's pushed events, the model read again as its job moves and, while
 * it is unfinished, once a second. Mounted once per model id (the page keys it by the id), so its
 * state starts empty for each model.
 */
export function useModel(id: string) {
  const api = useApi();
  const [model, setModel] = useState<ModelDetail>();
  const [importance, setImportance] = useState<{ gain: readonly FeatureImportance[]; permutation: readonly FeatureImportance[] }>();
  const [lineage, setLineage] = useState<Lineage>();
  const [progress, setProgress] = useState<TrainingProgress>();
  const [error, setError] = useState<{ code: string; message: string }>();

  const fetchAll = useCallback(async () => {
    const next = await api.models.get({ id });
    const [tree, gain, permutation] = await Promise.all([
      api.models.lineage({ id }),
      next.status === 'completed' ? api.models.importance({ id, by: 'gain' }) : undefined,
      next.status === 'completed' ? api.models.importance({ id, by: 'permutation' }) : undefined,
    ]);
    return { next, tree, importance: gain && permutation ? { gain, permutation } : undefined };
  }, [api, id]);

  /** Reads the model again; a failure is shown (a deleted model says so). */
  const load = useCallback(
    () =>
      fetchAll().then(
        ({ next, tree, importance: ranked }) => {
          setModel(next);
          setLineage(tree);
          if (ranked) setImportance(ranked);
          setError(undefined);
        },
        (e: unknown) => setError(toErrorValue(e)),
      ),
    [fetchAll],
  );

  useEffect(() => {
    let live = true;
    fetchAll().then(
      ({ next, tree, importance: ranked }) => {
        if (!live) return;
        setModel(next);
        setLineage(tree);
        if (ranked) setImportance(ranked);
      },
      (e: unknown) => live && setError(toErrorValue(e)),
    );
    return () => {
      live = false;
    };
  }, [fetchAll]);

  const jobId = model?.jobId;
  useEffect(
    () =>
      onBarwiseEvent((event) => {
        if (event.topic === 'strategies' || !jobId || event.id !== jobId) return;
        if (event.topic === 'progress') setProgress({ fraction: event.fraction, message: event.message });
        else void load();
      }),
    [jobId, load],
  );

  const training = model !== undefined && isUnfinished(model.status);
  useEffect(() => {
    if (!training) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [training, load]);

  return { model, importance, lineage, progress: training ? progress : undefined, error, reload: load };
}
