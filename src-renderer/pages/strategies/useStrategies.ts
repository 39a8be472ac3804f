import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { StrategyEntry } from '../../../src-shared/api/strategies';
import { onBarwiseEvent } from '../../app/store';
import { errorMessage } from '../backtests/api';
import { useStrategiesApi } from './api';

/** Bumped whenever the strategies may have changed: a save, rename, delete, or a file changed on disk. */
const revision = create<{ revision: number }>(() => ({ revision: 0 }));

/** Has every useStrategies() read the list again. */
export const reloadStrategies = (): void => revision.setState((s) => ({ revision: s.revision + 1 }));

/**
 * Every strategy, built-in and the user's, read again at each bump of the revision and whenever
 * main says a strategy changed (a file edited elsewhere, a look-ahead check finished).
 */
export function useStrategies() {
  const api = useStrategiesApi();
  const [strategies, setStrategies] = useState<readonly StrategyEntry[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    const load = () =>
      api.list({}).then(
        (list) => {
          if (!live) return;
          setStrategies(list);
          setError(undefined);
        },
        (e: unknown) => live && setError(errorMessage(e)),
      );
    void load();
    const off = revision.subscribe((s, prev) => {
      if (s.revision !== prev.revision) void load();
    });
    const offEvents = onBarwiseEvent((event) => {
      if (event.topic === 'strategies') void load();
    });
    return () => {
      live = false;
      off();
      offEvents();
    };
  }, [api]);

  return { strategies, error, reload: reloadStrategies };
}
