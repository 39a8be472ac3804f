import { useEffect, useEffectEvent, useState } from 'react';
import type { BarwiseClient } from '../../../src-shared/api';
import { toErrorValue, type ErrorValue } from '../../../src-shared/errors';
import { useApi } from '../../app/store';
import { useImports } from './import-store';

/**
 * A value read from the API that an import, a rename or a delete can change: read when `key`
 * (or the connection) changes and again at every bump of the catalog revision; an answer that
 * arrives after the component is gone is dropped.
 */
export function useCatalogQuery<T>(read: (api: BarwiseClient, key: string) => Promise<T>, key: string): { value: T | undefined; error: ErrorValue | undefined } {
  const api = useApi();
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<ErrorValue>();
  // The latest `read` without making each render's new closure a reason to read again.
  const readNow = useEffectEvent(read);
  useEffect(() => {
    let live = true;
    const load = () =>
      readNow(api, key).then(
        (v) => {
          if (!live) return;
          setValue(v);
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
  }, [api, key]);
  return { value, error };
}
