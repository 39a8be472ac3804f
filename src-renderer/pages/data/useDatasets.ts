import { useCallback } from 'react';
import { useImports } from './import-store';
import { useCatalogQuery } from './useCatalogQuery';

/** The catalog, refetched whenever an import (or a rename or delete here) may have changed it. */
export function useDatasets() {
  const { value: datasets, error } = useCatalogQuery((api) => api.datasets.list({}), 'catalog');
  const reload = useCallback(() => useImports.getState().bumpCatalog(), []);
  return { datasets, error, reload };
}
