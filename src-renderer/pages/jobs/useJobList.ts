import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../../src-shared/api/jobs';
import { toErrorValue, type ErrorValue } from '../../../src-shared/errors';
import { useJobs } from '../../app/jobs-store';
import { useApi } from '../../app/store';

/** While job events stream in, the list is refetched at most this often. */
const MIN_REFETCH_MS = 300;

/** Jobs from main, refetched on every job event (throttled). */
export function useJobList() {
  const api = useApi();
  const [jobs, setJobs] = useState<readonly Job[]>();
  const [error, setError] = useState<ErrorValue>();
  const reloadRef = useRef<() => void>(undefined);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const load = () => {
      last = Date.now();
      api.jobs.list({ limit: 200 }).then(
        (list) => {
          if (!live) return;
          setJobs(list);
          setError(undefined);
        },
        (e: unknown) => live && setError(toErrorValue(e)),
      );
    };
    const schedule = () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        load();
      }, Math.max(0, last + MIN_REFETCH_MS - Date.now()));
    };
    load();
    reloadRef.current = schedule;
    const off = useJobs.subscribe((s, prev) => {
      if (s.revision !== prev.revision) schedule();
    });
    return () => {
      live = false;
      clearTimeout(timer);
      off();
    };
  }, [api]);

  const reload = useCallback(() => reloadRef.current?.(), []);
  return { jobs, error, reload };
}
