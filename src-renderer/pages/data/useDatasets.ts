import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import { toErrorValue, type ErrorValue } from '../../../src-shared/errors';
import { useApi } from '../../app/store';
import { useImports } from './import-store';

/** The catalog, refetched whenever an import (or a rename or delete here) may have changed it. */
export function useDatasets() {
  const api = useApi();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>();
  const [error, setError] = useState<ErrorValue>();
  useEffect(() => {
    let live = true;
    const load = () =>
      api.datasets.list({}).then(
        (list) => {
          if (!live) return;
          setDatasets(list);
          setError(undefined);
        },
        (e: unknown) => live && setError(toErrorValue(e)),
      );
    void load();
    const off = useImports.subscribe((s, prev) => {
      if (s.catalogRevision !== prev.catalogRevision) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  const reload = useCallback(() => useImports.getState().bumpCatalog(), []);
  return { datasets, error, reload };
}
